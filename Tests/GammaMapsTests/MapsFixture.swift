import Foundation
import Testing
@testable import GammaMaps
import Sky

/// Reads the JSON fixtures written by `scripts/reference/maps_reference.py` (Gammapy 2.1,
/// astropy 8, regions 0.11). JSON has no NaN: `null` entries read as NaN.
enum MapsFixture {
    typealias JSON = [String: Any]

    static func url(_ name: String) -> URL {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        return Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Fixtures")!
    }

    static func json(_ name: String) -> JSON {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as! JSON
    }

    static func doubles(_ any: Any?) -> [Double] {
        (any as! [Any]).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    static func ints(_ any: Any?) -> [Int] { (any as! [Any]).map { ($0 as! NSNumber).intValue } }

    static func bools(_ any: Any?) -> [Bool] { (any as! [Any]).map { ($0 as! NSNumber).boolValue } }

    /// Expands `[[start, length], ...]` runs of `true` into a flat mask of `count` values.
    static func mask(runs any: Any?, count: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: count)
        for run in any as! [[Any]] {
            let start = (run[0] as! NSNumber).intValue, length = (run[1] as! NSNumber).intValue
            for k in start..<(start + length) { mask[k] = true }
        }
        return mask
    }

    /// The header cards of a fixture as (key, value) with Gammapy's types.
    static func cards(_ any: Any?) -> [(key: String, value: FITSValueLike)] {
        (any as! [JSON]).map { card in
            let key = card["key"] as! String
            switch card["kind"] as! String {
            case "int": return (key, .int((card["value"] as! NSNumber).int64Value))
            case "float": return (key, .double((card["value"] as! NSNumber).doubleValue))
            case "bool": return (key, .bool((card["value"] as! NSNumber).boolValue))
            default: return (key, .string(card["value"] as! String))
            }
        }
    }

    enum FITSValueLike: Equatable, CustomStringConvertible {
        case int(Int64), double(Double), bool(Bool), string(String)
        var description: String {
            switch self {
            case .int(let i): return "\(i)"
            case .double(let d): return "\(d)"
            case .bool(let b): return "\(b)"
            case .string(let s): return "'\(s)'"
            }
        }
    }

    /// The tutorial energy axis: 1–10 TeV in `nbin` log bins.
    static func energyAxis(_ nbin: Int = 11) -> MapAxis {
        try! MapAxis.fromEnergyBounds(1, 10, nbin: nbin, unit: "TeV")
    }

    /// A geometry from its `args` in geometries.json.
    static func geometry(_ args: JSON) throws -> WcsGeom {
        let skydir = doubles(args["skydir"])
        let frame = SkyFrame(name: args["frame"] as! String)!
        func pair(_ any: Any?) -> LonLat<Double>? {
            if any == nil || any is NSNull { return nil }
            if let n = any as? NSNumber { return LonLat(n.doubleValue) }
            let v = doubles(any)
            return LonLat(lon: v[0], lat: v[1])
        }
        let axes = (args["axes"] as? Bool ?? false) ? [energyAxis()] : []
        return try WcsGeom.create(skydir: SkyCoord(lon: skydir[0], lat: skydir[1], frame: frame), width: pair(args["width"]),
                                  binsz: pair(args["binsz"])!, frame: frame, proj: args["proj"] as! String, axes: axes)
    }

    static func geometry(named name: String) throws -> WcsGeom {
        let all = json("geometries.json")["geometries"] as! JSON
        return try geometry((all[name] as! JSON)["args"] as! JSON)
    }
}

/// |a - b| <= atol + rtol |b|, NaN equal to NaN.
func isClose(_ a: Double, _ b: Double, rtol: Double = 0, atol: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    return abs(a - b) <= atol + rtol * abs(b)
}
