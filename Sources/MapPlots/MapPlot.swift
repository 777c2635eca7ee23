import FITSIO
import Foundation
import GammaMaps
import Sky

/// How a map picture looks.
public struct MapPlotOptions: Sendable {
    /// Text above the image; none when nil.
    public var title: String?
    public var stretch: Stretch
    /// Picture size in pixels.
    public var width: Int
    public var height: Int
    /// Colour scale limits in data units; the finite minimum and maximum by default.
    public var vmin: Double?
    public var vmax: Double?
    /// Whether to draw the coordinate grid over the image.
    public var showGrid: Bool
    /// Regions outlined over the image (ON and OFF regions); the labelled ones are in a legend.
    public var regions: [PlotRegion] = []
    public var colormap: Colormap = .viridis
    /// A scale symmetric about zero (−max |v| … max |v|), for signed maps such as significances.
    public var symmetric = false
    /// Values marked on the colour bar with a heavy line and a label (a significance's ±3 and 5 σ).
    public var markedLevels: [(value: Double, label: String)] = []
    /// The colour bar's title; the map's unit when nil.
    public var colorbarLabel: String?

    /// Signed maps (excess counts): RdBu_r on a scale symmetric about zero.
    public static func signed(title: String?) -> MapPlotOptions {
        var options = MapPlotOptions(title: title)
        options.colormap = .diverging
        options.symmetric = true
        return options
    }

    /// Gammapy's significance maps: `signed`, with 3 σ and 5 σ marked.
    public static func significance(title: String?) -> MapPlotOptions {
        var options = signed(title: title)
        options.markedLevels = [(-5, "−5σ"), (-3, "−3σ"), (3, "3σ"), (5, "5σ")]
        options.colorbarLabel = "significance (σ)"
        return options
    }

    public init(title: String? = nil, stretch: Stretch = .linear, width: Int = 680, height: Int = 560,
                vmin: Double? = nil, vmax: Double? = nil, showGrid: Bool = true) {
        self.title = title
        self.stretch = stretch
        self.width = width
        self.height = height
        self.vmin = vmin
        self.vmax = vmax
        self.showGrid = showGrid
    }
}

/// Pictures of sky maps (what Gammapy's `WcsNDMap.plot(add_cbar=True)` shows): the image in
/// the viridis colour map with blank (white) pixels for NaN, sky axes in degrees with tick
/// labels from the WCS and a coordinate grid, a colour bar with the map's unit, and a title.
/// A map with non-spatial axes is summed over them first (NaN skipped); a mask shows where
/// any plane is true.
public enum MapPlot {
    /// The image that is drawn: the map reduced to its spatial axes, as doubles.
    public static func image<E: MapElement>(of map: WcsNDMap<E>) throws -> WcsNDMap<Double> {
        // An image of doubles (what `gammakit plot` reads) is drawn as it is: no copy.
        if map.geom.axes.isEmpty, let image = map as? WcsNDMap<Double> { return image }
        if let mask = map as? WcsNDMap<Bool> {
            return try mask.reduceOverAxes(.logicalOr).converted(to: Double.self)
        }
        return try map.converted(to: Double.self).reduceOverAxes(.sum)
    }

    /// Why a picture of `image` would mislead: no finite value (a blank picture) or a WCS that
    /// spans more than the sky (garbage axes). Empty when the picture is fine.
    public static func problems(of image: WcsNDMap<Double>) -> [String] {
        var problems: [String] = []
        if !image.data.contains(where: \.isFinite) {
            problems.append("the map holds no finite value (all NaN or infinite): its picture would be blank")
        }
        let geom = image.geom
        // Degrees per pixel along each axis (from CDi_j when the WCS has them).
        let cdelt = geom.wcs.cd.map { (hypot($0[0][0], $0[1][0]), hypot($0[0][1], $0[1][1])) }
            ?? (abs(geom.wcs.cdelt[0]), abs(geom.wcs.cdelt[1]))
        let span = (cdelt.0 * Double(geom.npix.lon), cdelt.1 * Double(geom.npix.lat))
        if span.0 > 360 || span.1 > 180 {
            problems.append(String(format: "the map's WCS spans %g × %g deg (%d × %d pixels of CDELT %g × %g deg), more than the whole sky: the WCS is probably wrong",
                                   span.0, span.1, geom.npix.lon, geom.npix.lat, cdelt.0, cdelt.1))
        }
        return problems
    }

    /// The picture as PNG bytes.
    public static func png<E: MapElement>(_ map: WcsNDMap<E>, options: MapPlotOptions = MapPlotOptions()) throws -> [UInt8] {
        let image = try self.image(of: map)
        let canvas = try CairoCanvas(width: options.width, height: options.height)
        try draw(image, unit: map.unit, options: options, on: canvas)
        return try canvas.pngData()
    }

    /// Renders the picture to `path` atomically: it is written beside the target and moved
    /// into place complete; an existing file is replaced only with `overwrite`.
    public static func writePNG<E: MapElement>(_ map: WcsNDMap<E>, to path: String, options: MapPlotOptions = MapPlotOptions(),
                                               overwrite: Bool = false) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw MapPlotError("\(path): file exists (pass overwrite to replace it)")
        }
        let bytes = try png(map, options: options)
        try writeAtomically(bytes, to: path, overwrite: overwrite)
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String, overwrite: Bool) throws {
        do {
            try AtomicFile.write(bytes, to: path, overwrite: overwrite)
        } catch {
            throw MapPlotError("\(path): \(error.message)")
        }
    }

    // MARK: Drawing

    static func draw(_ image: WcsNDMap<Double>, unit: String, options: MapPlotOptions, on canvas: CairoCanvas) throws {
        let geom = image.geom
        let nx = geom.npix.lon, ny = geom.npix.lat
        let W = Double(canvas.width), H = Double(canvas.height)
        let top = options.title == nil ? 20.0 : 46.0, bottom = 58.0, left = 82.0, right = 128.0
        let scale = min((W - left - right) / Double(nx), (H - top - bottom) / Double(ny))
        guard scale > 0 else { throw MapPlotError("the picture is too small for axes and a colour bar") }
        let plotW = scale * Double(nx), plotH = scale * Double(ny)
        let x0 = left, y0 = top + (H - top - bottom - plotH) / 2
        func canvasPoint(_ x: Double, _ y: Double) -> (Double, Double) {
            (x0 + (x + 0.5) * scale, y0 + (Double(ny) - 0.5 - y) * scale)
        }

        let shown = PlotImage(image)
        var vmin = options.vmin ?? shown.finiteRange?.min ?? 0
        var vmax = options.vmax ?? shown.finiteRange?.max ?? 1
        if options.symmetric {
            let extent = max(abs(vmin), abs(vmax))
            (vmin, vmax) = (-extent, extent)
        }
        if !(vmax > vmin) { vmax = vmin + (vmin == 0 ? 1 : abs(vmin)) }
        if options.stretch != .linear && vmin < 0 && options.vmin == nil { vmin = min(0, vmax) }
        func normalized(_ v: Double) -> Double { options.stretch((v - vmin) / (vmax - vmin)) }

        canvas.fill(1, 1, 1)
        // the image, top row = highest y
        let imageColumns = shown.columns, imageRows = shown.rows
        var rgb = [UInt8](repeating: 255, count: imageColumns * imageRows * 3)
        for j in 0..<imageRows {
            for i in 0..<imageColumns {
                let v = shown.values[j * imageColumns + i]
                guard v.isFinite else { continue }
                let c = options.colormap.color(normalized(v))
                let k = 3 * ((imageRows - 1 - j) * imageColumns + i)
                rgb[k] = UInt8((c.0 * 255).rounded()); rgb[k + 1] = UInt8((c.1 * 255).rounded()); rgb[k + 2] = UInt8((c.2 * 255).rounded())
            }
        }
        // Blocks may reach past the map's last row and column: draw them to scale, clipped.
        let drawnW = plotW * Double(imageColumns * shown.factor) / Double(nx), drawnH = plotH * Double(imageRows * shown.factor) / Double(ny)
        canvas.clip(x: x0, y: y0, width: plotW, height: plotH)
        try canvas.image(rgb, columns: imageColumns, rows: imageRows, x: x0, y: y0 + plotH - drawnH, width: drawnW, height: drawnH)
        canvas.resetClip()

        // coordinate grid and ticks
        let grid = SkyGrid(geom)
        if options.showGrid {
            canvas.clip(x: x0, y: y0, width: plotW, height: plotH)
            canvas.setColor(1, 1, 1, alpha: 0.35)
            for line in grid.lines {
                for segment in line.segments { canvas.line(segment.map { canvasPoint($0.x, $0.y) }, width: 0.8) }
            }
            canvas.resetClip()
        }
        drawRegions(options.regions, geom: geom, on: canvas, clip: (x0, y0, plotW, plotH), canvasPoint)
        canvas.setColor(0, 0, 0)
        canvas.rectangle(x: x0, y: y0, width: plotW, height: plotH, fill: false)
        let tickSize = 11.0
        for line in grid.lines {
            if let p = line.edgeCrossing {
                let (cx, cy) = canvasPoint(p.x, p.y)
                canvas.setColor(0, 0, 0)
                if line.isLongitude {
                    canvas.line([(cx, cy), (cx, cy - 5)])
                    canvas.text(line.label, x: cx, y: cy + 5, size: tickSize, anchorX: 0.5, anchorY: 0)
                } else {
                    canvas.line([(cx, cy), (cx + 5, cy)])
                    canvas.text(line.label, x: cx - 5, y: cy, size: tickSize, anchorX: 1, anchorY: 0.5)
                }
            } else if let p = line.insidePoint {
                let (cx, cy) = canvasPoint(p.x, p.y)
                canvas.setColor(1, 1, 1)
                canvas.text(line.label, x: cx + 2, y: cy - 2, size: tickSize - 2, anchorX: 0, anchorY: 1)
            }
        }
        canvas.setColor(0, 0, 0)
        let names = geom.frame == .galactic ? ("Galactic Longitude", "Galactic Latitude") : ("Right Ascension", "Declination")
        canvas.text("\(names.0) (deg)", x: x0 + plotW / 2, y: y0 + plotH + 26, size: 13, anchorX: 0.5, anchorY: 0)
        canvas.text("\(names.1) (deg)", x: x0 - 56, y: y0 + plotH / 2, size: 13, anchorX: 0.5, anchorY: 0.5, angle: -Double.pi / 2)
        if let title = options.title {
            canvas.text(title, x: x0 + plotW / 2, y: 16, size: 15, anchorX: 0.5, anchorY: 0)
        }

        // colour bar
        let barX = x0 + plotW + 22, barW = 16.0
        let rows = max(Int(plotH.rounded()), 1)
        var bar = [UInt8](repeating: 0, count: rows * 3)
        for r in 0..<rows {
            let c = options.colormap.color(1 - (Double(r) + 0.5) / Double(rows))
            bar[3 * r] = UInt8((c.0 * 255).rounded()); bar[3 * r + 1] = UInt8((c.1 * 255).rounded()); bar[3 * r + 2] = UInt8((c.2 * 255).rounded())
        }
        try canvas.image(bar, columns: 1, rows: rows, x: barX, y: y0, width: barW, height: plotH)
        canvas.setColor(0, 0, 0)
        canvas.rectangle(x: barX, y: y0, width: barW, height: plotH, fill: false)
        var widest = 0.0
        for v in colorbarTicks(vmin, vmax, stretch: options.stretch) {
            let y = y0 + plotH * (1 - normalized(v))
            canvas.line([(barX + barW, y), (barX + barW + 4, y)])
            let text = tickText(v)
            widest = max(widest, canvas.textSize(text, size: tickSize).width)
            canvas.text(text, x: barX + barW + 6, y: y, size: tickSize, anchorX: 0, anchorY: 0.5)
        }
        for level in options.markedLevels where level.value >= vmin && level.value <= vmax {
            let y = y0 + plotH * (1 - normalized(level.value))
            canvas.setColor(0, 0, 0)
            canvas.line([(barX - 4, y), (barX + barW, y)], width: 2.5)
            canvas.text(level.label, x: barX - 6, y: y, size: 9, anchorX: 1, anchorY: 0.5)
        }
        let label = options.colorbarLabel ?? unit
        if !label.isEmpty {
            canvas.text(label, x: barX + barW + 14 + widest, y: y0 + plotH / 2, size: 12, anchorX: 0.5, anchorY: 0.5, angle: -Double.pi / 2)
        }
    }

    /// Region outlines, clipped to the image, and a legend of the labelled ones at its top left.
    static func drawRegions(_ regions: [PlotRegion], geom: WcsGeom, on canvas: CairoCanvas, clip: (Double, Double, Double, Double),
                            _ canvasPoint: (Double, Double) -> (Double, Double)) {
        guard !regions.isEmpty else { return }
        canvas.clip(x: clip.0, y: clip.1, width: clip.2, height: clip.3)
        for plotted in regions {
            canvas.setColor(plotted.color.0, plotted.color.1, plotted.color.2)
            for part in plotted.region.unionParts {
                for outline in part.toPixel(geom).outlines() where outline.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) {
                    canvas.line(outline.map { canvasPoint($0.0, $0.1) }, width: 1.8)
                }
            }
        }
        var y = clip.1 + 12
        for plotted in regions {
            guard let label = plotted.label else { continue }
            canvas.setColor(plotted.color.0, plotted.color.1, plotted.color.2)
            canvas.line([(clip.0 + 8, y), (clip.0 + 26, y)], width: 2.5)
            canvas.setColor(1, 1, 1)
            canvas.text(label, x: clip.0 + 31, y: y, size: 10, anchorX: 0, anchorY: 0.5)
            y += 14
        }
        canvas.resetClip()
    }

    /// Round values between `vmin` and `vmax` for the colour bar (at both ends at least).
    static func colorbarTicks(_ vmin: Double, _ vmax: Double, stretch: Stretch) -> [Double] {
        if stretch == .log, vmax > 0 {
            // decades and their 2× and 5× where they fall in range
            var ticks: [Double] = []
            let low = max(vmin, vmax * 1e-3)
            var p = pow(10, log10(low).rounded(.down))
            while p <= vmax * 1.0001 {
                for f in [1.0, 2, 5] where f * p >= vmin && f * p <= vmax * 1.0001 { ticks.append(f * p) }
                p *= 10
            }
            if ticks.count >= 2 { return ticks }
        }
        let step = SkyGrid.niceStep(vmax - vmin, 5, angle: false)
        var ticks: [Double] = []
        var v = (vmin / step).rounded(.up) * step
        while v <= vmax + step * 1e-9 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return ticks
    }

    static func tickText(_ v: Double) -> String {
        String(format: "%.4g", v)
    }
}
