import Foundation
import Sky

/// DS9 region strings as astropy-regions 0.11 reads and writes them
/// (http://ds9.si.edu/doc/ref/region.html).
///
/// Reading: lines split on newlines and `;`; `#` comments and `global` lines skipped; a frame (`icrs`, `fk5`/`j2000`, `galactic`) holds until the
/// next one; shapes `circle`, `ellipse`, `box`, `annulus` (several radii give several
/// annuli), `polygon`, `point`. Positions without unit are degrees; `5:34:31.9` is hours for
/// the first coordinate of an equatorial frame, degrees otherwise; `d`, `r` and `h`/`m`/`s`
/// forms are understood. Sizes without unit are degrees; `"` is arcsec, `'` arcmin, `d`
/// degrees, `r` radians. DS9 gives ellipse semi-axes: the region's width and height are
/// twice them. A leading `-` or `# include=0` makes an exclusion region.
///
/// Differences from regions: FK5 positions are taken as ICRS (they differ by ~20 mas);
/// `image` (pixel) regions, `fk4`/`b1950`/`ecliptic` frames and the shapes regions reads but
/// GammaKit does not use (line, text, elliptical and box annuli) are errors, not skipped.
extension SkyRegion {
    /// Parses a DS9 region string into sky regions.
    public static func parseDS9(_ text: String) throws -> [SkyRegion] {
        var frame: SkyFrame? = nil
        var regions: [SkyRegion] = []
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for line in lines where !line.isEmpty {
            if line.hasPrefix("#") { continue }
            let lower = line.lowercased()
            // regions: a global include= is always overridden by the region's own +/- symbol
            if lower.hasPrefix("global") { continue }
            var body = Substring(lower)
            var include = true
            if body.first == "-" || body.first == "+" {
                include = body.first == "+"
                body = body.dropFirst()
                while body.first == " " { body = body.dropFirst() }
            }
            let word = String(body.prefix { $0.isLetter || $0.isNumber })
            switch word {
            case "icrs": frame = .icrs; continue
            case "fk5", "j2000": frame = .icrs; continue
            case "galactic": frame = .galactic; continue
            case "image", "physical", "linear", "detector", "amplifier", "fk4", "b1950", "ecliptic", "tile":
                throw MapError(.unsupported, subject: "DS9 region '\(line)'",
                               message: "coordinate system '\(word)' is not supported (use icrs, fk5 or galactic)")
            case "circle", "ellipse", "box", "annulus", "polygon", "point":
                break
            default:
                if word.hasPrefix("wcs") {
                    throw MapError(.unsupported, subject: "DS9 region '\(line)'", message: "coordinate system '\(word)' is not supported")
                }
                throw MapError(.regionSyntax, subject: "DS9 region '\(line)'", message: "unknown or unsupported shape or frame '\(word)'")
            }
            guard let frame else {
                throw MapError(.regionSyntax, subject: "DS9 region '\(line)'", message: "no coordinate frame given before the shape")
            }
            let rest = body.dropFirst(word.count)
            let parts = rest.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count > 1, let value = metadataInclude(String(parts[1])) { include = value }
            let paramText = String(parts.first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: " |"))
                .replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
            let params = paramText.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            for shape in try makeShapes(word, params, frame: frame, line: line) {
                let region = SkyRegion(shape, include: include)
                try region.validate()
                regions.append(region)
            }
        }
        return regions
    }

    /// The `include=` value of a metadata string, if any.
    static func metadataInclude(_ meta: String) -> Bool? {
        guard let range = meta.range(of: #"include\s*=\s*([01])"#, options: .regularExpression) else { return nil }
        return meta[range].last == "1"
    }

    static func makeShapes(_ shape: String, _ params: [String], frame: SkyFrame, line: String) throws -> [Shape] {
        let subject = "DS9 region '\(line)'"
        func need(_ count: Int, exactly: Bool = true) throws {
            if exactly ? params.count != count : params.count < count {
                throw MapError(.regionSyntax, subject: subject,
                               message: "\(shape) takes \(exactly ? "" : "at least ")\(count) parameters, got \(params.count)")
            }
        }
        func coord(_ i: Int) throws -> SkyCoord {
            let lon = try parseCoordinate(params[i], index: i, frame: frame, subject: subject)
            let lat = try parseCoordinate(params[i + 1], index: i + 1, frame: frame, subject: subject)
            return SkyCoord(lon: lon, lat: lat, frame: frame)
        }
        func size(_ i: Int) throws -> Double { try parseSize(params[i], subject: subject) }
        switch shape {
        case "circle":
            try need(3)
            return [.circle(center: try coord(0), radius: try size(2))]
        case "ellipse":
            if params.count > 5 {
                throw MapError(.unsupported, subject: subject, message: "elliptical annuli are not supported")
            }
            try need(5)
            return [.ellipse(center: try coord(0), width: 2 * (try size(2)), height: 2 * (try size(3)), angle: try size(4))]
        case "box":
            if params.count > 5 {
                throw MapError(.unsupported, subject: subject, message: "box annuli are not supported")
            }
            try need(5)
            return [.rectangle(center: try coord(0), width: try size(2), height: try size(3), angle: try size(4))]
        case "annulus":
            try need(4, exactly: false)
            let center = try coord(0)
            let radii = try (2..<params.count).map(size)
            return (0..<(radii.count - 1)).map { .circleAnnulus(center: center, innerRadius: radii[$0], outerRadius: radii[$0 + 1]) }
        case "polygon":
            guard params.count >= 6, params.count % 2 == 0 else {
                throw MapError(.regionSyntax, subject: subject, message: "polygon takes an even number (≥ 6) of coordinates, got \(params.count)")
            }
            return [.polygon(vertices: try stride(from: 0, to: params.count, by: 2).map(coord))]
        case "point":
            try need(2)
            return [.point(center: try coord(0))]
        default:
            throw MapError(.regionSyntax, subject: subject, message: "unknown shape '\(shape)'")
        }
    }

    /// regions' `_parse_sky_coord`, in degrees.
    static func parseCoordinate(_ text: String, index: Int, frame: SkyFrame, subject: String) throws -> Double {
        let fail = MapError(.regionSyntax, subject: subject, message: "cannot read '\(text)' as a sky coordinate")
        guard let last = text.last else { throw fail }
        if text.contains("i") || text.contains("p") {
            throw MapError(.unsupported, subject: subject, message: "pixel coordinates ('\(text)') in a sky region")
        }
        if last == "r", let v = Double(text.dropLast()) { return v * 180 / Double.pi }
        if last == "d", let v = Double(text.dropLast()) { return v }
        if text.contains("d") || text.contains("h") {
            do { return try Angle.degrees(parsing: text) } catch { throw fail }
        }
        if text.contains(":") {
            let hours = index % 2 == 0 && frame == .icrs
            return try sexagesimal(text, hours: hours) ?? { throw fail }()
        }
        guard let v = Double(text) else { throw fail }
        return v
    }

    /// `dd:mm:ss.s` (or `hh:mm:ss.s` with `hours`) in degrees, astropy's sign rule.
    static func sexagesimal(_ text: String, hours: Bool) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if body.first == "-" || body.first == "+" {
            sign = body.first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        let fields = body.split(separator: ":").map { Double($0) }
        guard (2...3).contains(fields.count), fields.allSatisfy({ $0 != nil }) else { return nil }
        let v = fields.map { $0! }
        guard v.dropFirst().allSatisfy({ $0 >= 0 && $0 < 60 }) else { return nil }
        let magnitude = v[0] + v[1] / 60 + (v.count == 3 ? v[2] / 3600 : 0)
        return sign * magnitude * (hours ? 15 : 1)
    }

    /// regions' `_parse_angle`, in degrees.
    static func parseSize(_ text: String, subject: String) throws -> Double {
        let fail = MapError(.regionSyntax, subject: subject, message: "cannot read '\(text)' as an angle")
        guard let last = text.last else { throw fail }
        if text.contains("p") || text.contains("i") {
            throw MapError(.unsupported, subject: subject, message: "pixel sizes ('\(text)') in a sky region")
        }
        if last.isNumber || last == "." { return try Double(text) ?? { throw fail }() }
        guard let v = Double(text.dropLast()) else { throw fail }
        switch last {
        case "\"": return v / 3600
        case "'": return v / 60
        case "d": return v
        case "r": return v * 180 / Double.pi
        default: throw fail
        }
    }

    // MARK: Writing

    /// The region as DS9 text, as regions' `serialize(format="ds9")` writes one region
    /// (positions and sizes in degrees with 8 decimals; ellipse semi-axes). Compound regions
    /// cannot be written (regions skips them); use `serializeDS9` on their parts.
    public func ds9String() throws -> String {
        try SkyRegion.serializeDS9([self])
    }

    /// Several regions as one DS9 file text: the frame on its own line when all regions
    /// share it, else before each region; exclusion regions carry `# include=0`.
    public static func serializeDS9(_ regions: [SkyRegion]) throws -> String {
        var output = "# Region file format: DS9 astropy/regions\n"
        if regions.isEmpty { return "" }
        let frames = try regions.map { try $0.ds9Frame() }
        let common = Set(frames).count == 1 ? frames[0] : nil
        if let common { output += "\(common)\n" }
        for (region, frame) in zip(regions, frames) {
            if common == nil { output += "\(frame); " }
            output += try region.ds9Shape()
            if !region.include { output += " # include=0" }
            output += "\n"
        }
        return output
    }

    func ds9Frame() throws -> String {
        switch shape {
        case .compound:
            throw MapError(.unsupported, subject: "region \(kind)", message: "compound regions cannot be written as DS9 (as in regions)")
        case .polygon(let v): return v[0].frame.rawValue
        default: return center.frame.rawValue
        }
    }

    func ds9Shape() throws -> String {
        func f(_ v: Double) -> String { String(format: "%.8f", v) }
        func c(_ p: SkyCoord) -> String { "\(f(p.lon)),\(f(p.lat))" }
        switch shape {
        case .circle(let p, let r): return "circle(\(c(p)),\(f(r)))"
        case .circleAnnulus(let p, let a, let b): return "annulus(\(c(p)),\(f(a)),\(f(b)))"
        case .ellipse(let p, let w, let h, let a): return "ellipse(\(c(p)),\(f(w / 2)),\(f(h / 2)),\(f(a)))"
        case .rectangle(let p, let w, let h, let a): return "box(\(c(p)),\(f(w)),\(f(h)),\(f(a)))"
        case .polygon(let v): return "polygon(\(v.map { c($0.transformed(to: v[0].frame)) }.joined(separator: ",")))"
        case .point(let p): return "point(\(c(p)))"
        case .compound:
            throw MapError(.unsupported, subject: "region \(kind)", message: "compound regions cannot be written as DS9 (as in regions)")
        }
    }
}
