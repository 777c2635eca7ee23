import Foundation
import Testing
@testable import Sky

/// Reference numbers from astropy 8 / Gammapy 2.1, written by scripts/reference/sky_reference.py
/// into Tests/SkyTests/Fixtures (each file says how in its "readme").
enum Fixture {
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let base = (name as NSString).deletingPathExtension
        guard let url = Bundle.module.url(forResource: base, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    struct FixtureMissing: Error { let name: String }
}

/// JSON has no NaN: the fixtures write null.
func nanFilled(_ values: [Double?]) -> [Double] { values.map { $0 ?? .nan } }

/// Largest |a − b| over pairs, treating NaN == NaN as agreement and NaN vs number as infinite.
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var worst = 0.0
    for (x, y) in zip(a, b) {
        if x.isNaN && y.isNaN { continue }
        if x.isNaN || y.isNaN { return .infinity }
        worst = max(worst, abs(x - y))
    }
    return worst
}

/// Largest angular distance in arcseconds between two lists of directions (degrees), which
/// does not mind longitude wrap-around or poles.
func maxAngularDistanceArcsec(lon1: [Double], lat1: [Double], lon2: [Double], lat2: [Double]) -> Double {
    var worst = 0.0
    for i in lon1.indices {
        let d = SphericalMath.separation(lon1: Angle.radians(lon1[i]), lat1: Angle.radians(lat1[i]),
                                         lon2: Angle.radians(lon2[i]), lat2: Angle.radians(lat2[i]))
        if d.isNaN { return .infinity }
        worst = max(worst, Angle.degrees(d) * 3600)
    }
    return worst
}

/// Difference of two longitudes in degrees, folded into [0, 180].
func lonDifference(_ a: Double, _ b: Double) -> Double {
    let d = abs(Angle.wrap(a - b, at: 180))
    return d
}

/// Prints a measured figure when `SKY_REPORT=1` (for the deviation table in reports); silent
/// otherwise so that test output stays clean.
func report(_ message: @autoclosure () -> String) {
    if ProcessInfo.processInfo.environment["SKY_REPORT"] != nil { print("[sky-report] \(message())") }
}
