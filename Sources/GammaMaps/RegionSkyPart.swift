import Sky

/// One part of a region as a lossless region table holds it beside its pixel columns (SKY_LON,
/// SKY_LAT, SKY_PAR, SKY_FRAME; `FITSWriter.lossless`): the sky shape exactly, since pixels → sky
/// is not the exact inverse of sky → pixels. SKY_PAR holds the shape's sizes and angle in
/// degrees (a polygon: its number of vertices).
struct SkyPart {
    var lon: [Double]
    var lat: [Double]
    var parameters: [Double]
    var frame: String

    init(_ region: SkyRegion) {
        func with(_ centers: [SkyCoord], _ parameters: [Double]) -> (lon: [Double], lat: [Double], parameters: [Double], frame: String) {
            (centers.map(\.lon), centers.map(\.lat), parameters, centers.first?.frame.rawValue ?? "icrs")
        }
        let part = switch region.shape {
        case .circle(let c, let r): with([c], [r])
        case .circleAnnulus(let c, let inner, let outer): with([c], [inner, outer])
        case .ellipse(let c, let w, let h, let a), .rectangle(let c, let w, let h, let a): with([c], [w, h, a])
        case .polygon(let vertices): with(vertices, [Double(vertices.count)])
        case .point(let c): with([c], [0])
        case .compound: with([], [0])  // refused by the pixel columns before this is written
        }
        (lon, lat, parameters, frame) = part
    }

    /// The region of a row: its SHAPE (a leading "!" excludes it) and sky columns.
    static func region(shape: String, lon: [Double], lat: [Double], parameters: [Double], frame: String,
                       subject: String) throws -> SkyRegion {
        var name = shape.lowercased().trimmingCharacters(in: .whitespaces)
        let include = !name.hasPrefix("!")
        if !include { name.removeFirst() }
        guard let skyFrame = SkyFrame(rawValue: frame.trimmingCharacters(in: .whitespaces)), !lon.isEmpty, lon.count == lat.count else {
            throw MapError(.notAMap, subject: subject, message: "a \(name) row's sky columns (SKY_LON, SKY_LAT, SKY_FRAME '\(frame)') do not describe it")
        }
        let center = SkyCoord(lon: lon[0], lat: lat[0], frame: skyFrame)
        func parameter(_ k: Int) throws -> Double {
            guard k < parameters.count else { throw MapError(.notAMap, subject: subject, message: "a \(name) row needs \(k + 1) values in SKY_PAR") }
            return parameters[k]
        }
        let sky: SkyRegion.Shape
        switch name {
        case "circle": sky = .circle(center: center, radius: try parameter(0))
        case "annulus": sky = .circleAnnulus(center: center, innerRadius: try parameter(0), outerRadius: try parameter(1))
        case "ellipse": sky = .ellipse(center: center, width: try parameter(0), height: try parameter(1), angle: try parameter(2))
        case "rotbox": sky = .rectangle(center: center, width: try parameter(0), height: try parameter(1), angle: try parameter(2))
        case "polygon":
            let n = Int(try parameter(0))
            guard n >= 3, n <= lon.count else { throw MapError(.notAMap, subject: subject, message: "a polygon row has \(n) vertices in SKY_PAR") }
            sky = .polygon(vertices: (0..<n).map { SkyCoord(lon: lon[$0], lat: lat[$0], frame: skyFrame) })
        case "point": sky = .point(center: center)
        default: throw MapError(.unsupported, subject: subject, message: "region shape '\(shape)' is not supported")
        }
        return SkyRegion(sky, include: include)
    }
}
