import Foundation

/// Angle helpers. GammaKit's public APIs take and return angles in **degrees**, as Gammapy
/// users write them (`skydir=(83.63, 22.01)`, `binsz=0.02`); radians appear only inside the
/// module. The conversion factors are the ones astropy's units use, so that values agree bit
/// for bit where the arithmetic does.
public enum Angle {
    /// π/180, the factor astropy uses for deg → rad.
    public static let radiansPerDegree = Double.pi / 180
    /// 180/π, the factor astropy uses for rad → deg.
    public static let degreesPerRadian = 180 / Double.pi
    public static let arcsecondsPerDegree = 3600.0

    /// Degrees to radians.
    @inlinable public static func radians(_ degrees: Double) -> Double { degrees * radiansPerDegree }

    /// Radians to degrees.
    @inlinable public static func degrees(_ radians: Double) -> Double { radians * degreesPerRadian }

    /// An angle in degrees wrapped into `[wrapAngle - 360, wrapAngle)`, like astropy's
    /// `Angle.wrap_at(wrapAngle * u.deg)`: the default 360 gives `[0, 360)` (a `Longitude`),
    /// 180 gives `[-180, 180)` (the lon of a `SkyOffsetFrame`). NaN and infinities give NaN.
    @inlinable public static func wrap(_ degrees: Double, at wrapAngle: Double = 360) -> Double {
        guard degrees.isFinite else { return .nan }
        let low = wrapAngle - 360
        if degrees >= low && degrees < wrapAngle { return degrees }
        var r = (degrees - low).truncatingRemainder(dividingBy: 360)
        if r < 0 { r += 360 }
        r += low
        if r >= wrapAngle { r -= 360 }
        return r
    }

    /// Parses an angle string as astropy's `Angle(string)` does for the forms used in
    /// observatory tables and configuration files, and returns degrees:
    /// `"16d30m00.8s"`, `"-70d18m58.84s"`, `"5h35m17.3s"` (hours, ×15), `"12.5d"`, `"12.5deg"`,
    /// `"1°2′3″"`, and a bare number (taken in `defaultUnit`, degrees unless `.hours`).
    /// Sexagesimal values follow astropy's rule `copysign(|d| + m/60 + s/3600, d)`, so
    /// `"-0d30m"` is −0.5°. Minutes and seconds must lie in [0, 60).
    public static func degrees(parsing string: String, defaultUnit: SexagesimalUnit = .degrees) throws -> Double {
        let text = string.trimmingCharacters(in: .whitespaces)
        let fail = { (why: String) in SkyError(.cannotParse, subject: "angle '\(string)'", message: why) }
        if text.isEmpty { throw fail("empty string") }
        var body = Substring(text)
        var sign = 1.0
        if body.first == "-" || body.first == "+" || body.first == "−" {
            sign = body.first == "+" ? 1 : -1
            body = body.dropFirst()
        }
        // Split into numbers and the unit letters that follow them.
        var parts: [(value: Double, unit: String)] = []
        var index = body.startIndex
        while index < body.endIndex {
            var end = index
            while end < body.endIndex, body[end].isASCII, body[end].isNumber || body[end] == "." {
                end = body.index(after: end)
            }
            guard end > index, let value = Double(body[index..<end]) else { throw fail("expected a number") }
            var unitEnd = end
            while unitEnd < body.endIndex, !(body[unitEnd].isASCII && body[unitEnd].isNumber || body[unitEnd] == ".") {
                unitEnd = body.index(after: unitEnd)
            }
            parts.append((value, body[end..<unitEnd].trimmingCharacters(in: .whitespaces).lowercased()))
            index = unitEnd
        }
        let degreeUnits: Set<String> = ["d", "deg", "degree", "degrees", "°"]
        let hourUnits: Set<String> = ["h", "hour", "hours", "hourangle"]
        if parts.count == 1 {
            let (value, unit) = parts[0]
            if unit.isEmpty { return sign * value * (defaultUnit == .hours ? 15 : 1) }
            if degreeUnits.contains(unit) { return sign * value }
            if hourUnits.contains(unit) { return sign * value * 15 }
            if unit == "rad" || unit == "radian" || unit == "radians" { return sign * degrees(value) }
            if unit == "arcmin" || unit == "'" || unit == "′" { return sign * value / 60 }
            if unit == "arcsec" || unit == "\"" || unit == "″" { return sign * value / 3600 }
            throw fail("unknown unit '\(unit)'")
        }
        guard parts.count <= 3 else { throw fail("too many components") }
        let first = parts[0].unit
        let hours: Bool
        if degreeUnits.contains(first) { hours = false } else if hourUnits.contains(first) { hours = true } else {
            throw fail("expected d or h after the first component, found '\(first)'")
        }
        let minutes = parts[1].value
        guard minutes >= 0 && minutes < 60 else { throw fail("minutes must be in [0, 60)") }
        var magnitude = abs(parts[0].value) + minutes / 60.0
        if parts.count == 3 {
            let seconds = parts[2].value
            guard seconds >= 0 && seconds < 60 else { throw fail("seconds must be in [0, 60)") }
            magnitude += seconds / 3600.0
        }
        let value = sign * magnitude
        return hours ? value * 15 : value
    }

    /// The unit of a bare number in `degrees(parsing:)`.
    public enum SexagesimalUnit: Sendable { case degrees, hours }
}
