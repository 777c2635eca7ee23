import FITSIO
import Foundation

/// The `<hdu>_REGION` table of a region map in Gammapy's "gadf" layout: the region's parts
/// (a union is split into them) as astropy-regions' FITS region table (CXC format, pixel
/// coordinates of the geometry's WCS) — columns `SHAPE` (`circle`, `ellipse`, `rotbox`,
/// `polygon`, `annulus`, `point`; `!` for exclusion), `X`, `Y`, `R` (pixels; vectors padded
/// with zeros when the parts need more than one value), `ROTANG` (deg) — with the WCS keywords
/// and `WCSSHAPE` in the header.
extension RegionGeom {
    /// Appends the region table as HDU `name`.
    package func writeRegionTable(to writer: FITSWriter, name: String, extraCards: [FITSCard] = []) throws {
        guard let region, let wcsGeom else { return }
        let parts = region.unionParts
        var shapes: [String] = [], xs: [[Double]] = [], ys: [[Double]] = [], rs: [[Double]] = [], angles: [Double] = []
        for part in parts {
            let pixel = part.toPixel(wcsGeom)
            var shape: String, x: [Double], y: [Double], r: [Double], angle = 0.0
            switch pixel.shape {
            case .circle(let cx, let cy, let radius): (shape, x, y, r) = ("circle", [cx], [cy], [radius])
            case .circleAnnulus(let cx, let cy, let a, let b): (shape, x, y, r) = ("annulus", [cx], [cy], [a, b])
            case .ellipse(let cx, let cy, let w, let h, let a): (shape, x, y, r, angle) = ("ellipse", [cx], [cy], [w / 2, h / 2], a)
            case .rectangle(let cx, let cy, let w, let h, let a): (shape, x, y, r, angle) = ("rotbox", [cx], [cy], [w, h], a)
            case .polygon(let vx, let vy): (shape, x, y, r) = ("polygon", vx, vy, [0])
            case .point(let cx, let cy): (shape, x, y, r) = ("point", [cx], [cy], [0])
            case .compound:
                throw MapError(.unsupported, subject: "region \(part.kind)",
                               message: "only unions of regions can be written (as in Gammapy)")
            }
            shapes.append(pixel.include ? shape : "!" + shape)
            xs.append(x); ys.append(y); rs.append(r); angles.append(angle)
        }
        func column(_ name: String, _ values: [[Double]], unit: String) -> FITSColumn {
            let width = values.map(\.count).max() ?? 1
            let flat = values.flatMap { $0 + [Double](repeating: 0, count: width - $0.count) }
            return FITSColumn(name, .double(flat), repeatCount: width, unit: unit)
        }
        var columns = [
            FITSColumn("SHAPE", .string(shapes)),
            column("X", xs, unit: "pix"), column("Y", ys, unit: "pix"), column("R", rs, unit: "pix"),
            FITSColumn("ROTANG", .double(angles), unit: "deg"),
        ]
        if writer.lossless {
            // pixels → sky is not the exact inverse of sky → pixels: the sky parts as they are
            let sky = parts.map(SkyPart.init)
            columns += [column("SKY_LON", sky.map(\.lon), unit: "deg"), column("SKY_LAT", sky.map(\.lat), unit: "deg"),
                        column("SKY_PAR", sky.map(\.parameters), unit: "deg"), FITSColumn("SKY_FRAME", .string(sky.map(\.frame)))]
        }
        let header = wcsGeom.headerCards(lossless: writer.lossless).map { FITSCard($0.key, $0.value) }
        try writer.writeTable(name: name, columns: columns, rowCount: parts.count, header: header + extraCards)
    }

    /// The region of a region table (Gammapy's `RegionGeom.from_hdulist`): rows to pixel
    /// regions in the table's WCS, back to the sky and joined into their union. Like Gammapy,
    /// every part is read as included (its workaround for regions issue #400).
    static func readRegionTable(_ table: FITSTable) throws -> (SkyRegion, WcsGeom) {
        let subject = "HDU \(table.name)"
        let geom = try WcsGeom.fromHeader(table.header)
        let shapes = try table.stringColumn("SHAPE")
        func values(_ name: String) throws -> [[Double]] {
            guard let info = table.columnInfo(name) else { return [[Double]](repeating: [0], count: table.rowCount) }
            let flat = try table.column(name, as: Double.self)
            let width = max(info.repeatCount, 1)
            return (0..<table.rowCount).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
        }
        let x = try values("X"), y = try values("Y"), r = try values("R"), angle = try values("ROTANG")
        var regions: [SkyRegion] = []
        if table.columnInfo("SKY_LON") != nil {  // a lossless file's sky parts
            let lon = try values("SKY_LON"), lat = try values("SKY_LAT"), parameters = try values("SKY_PAR")
            let frames = try table.stringColumn("SKY_FRAME")
            regions = try (0..<table.rowCount).map { row in
                try SkyPart.region(shape: shapes[row], lon: lon[row], lat: lat[row], parameters: parameters[row], frame: frames[row],
                                   subject: subject)
            }
        }
        for row in 0..<(regions.isEmpty ? table.rowCount : 0) {
            var name = shapes[row].lowercased().trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("!") { name.removeFirst() }
            let pixel: PixelRegion.Shape
            func need(_ n: Int) throws {
                guard r[row].count >= n else {
                    throw MapError(.notAMap, subject: subject, message: "row \(row): \(name) needs \(n) radii in column R")
                }
            }
            switch name {
            case "circle": try need(1); pixel = .circle(x: x[row][0], y: y[row][0], radius: r[row][0])
            case "annulus":
                try need(2); pixel = .circleAnnulus(x: x[row][0], y: y[row][0], innerRadius: r[row][0], outerRadius: r[row][1])
            case "ellipse":
                try need(2)
                pixel = .ellipse(x: x[row][0], y: y[row][0], width: 2 * r[row][0], height: 2 * r[row][1], angle: angle[row][0])
            case "rotbox":
                try need(2)
                pixel = .rectangle(x: x[row][0], y: y[row][0], width: r[row][0], height: r[row][1], angle: angle[row][0])
            case "polygon":
                // padding zeros of a wider X/Y column are not vertices: drop trailing (0, 0) pairs
                var vx = x[row], vy = y[row]
                while vx.count > 3, vx.last == 0, vy.last == 0 { vx.removeLast(); vy.removeLast() }
                pixel = .polygon(x: vx, y: vy)
            case "point": pixel = .point(x: x[row][0], y: y[row][0])
            default:
                throw MapError(.unsupported, subject: subject, message: "row \(row): region shape '\(shapes[row])' is not supported")
            }
            regions.append(PixelRegion(pixel).toSky(geom))
        }
        guard var union = regions.first else {
            throw MapError(.notAMap, subject: subject, message: "the region table has no rows")
        }
        for part in regions.dropFirst() { union = union.union(part) }
        return (union, geom)
    }
}
