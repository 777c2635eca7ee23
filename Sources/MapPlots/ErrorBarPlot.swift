import Foundation

/// One labelled set of points with x ranges and asymmetric y errors.
public struct ErrorBarSeries: Sendable {
    public var label: String
    public var x: [Double]
    public var xLow: [Double]
    public var xHigh: [Double]
    public var y: [Double]
    /// Downward and upward error lengths (0: none).
    public var yErrorLow: [Double]
    public var yErrorHigh: [Double]

    public init(label: String, x: [Double], xLow: [Double], xHigh: [Double], y: [Double], yErrorLow: [Double], yErrorHigh: [Double]) {
        (self.label, self.x, self.xLow, self.xHigh, self.y, self.yErrorLow, self.yErrorHigh) = (label, x, xLow, xHigh, y, yErrorLow, yErrorHigh)
    }
}

public struct ErrorBarPanel: Sendable {
    public var yLabel: String
    public var series: [ErrorBarSeries]
    /// A dashed horizontal line (e.g. 0 σ), if any.
    public var referenceLine: Double?

    public init(yLabel: String, series: [ErrorBarSeries], referenceLine: Double? = nil) {
        (self.yLabel, self.series, self.referenceLine) = (yLabel, series, referenceLine)
    }
}

/// Points with error bars in panels stacked over one x axis — matplotlib's `errorbar` as
/// Gammapy's `plot_theta_squared_table` uses it (counts, OFF counts and excess above, the
/// significance below).
public enum ErrorBarPlot {
    /// matplotlib's first colours (C0, C1, C2, C3).
    static let colors: [(Double, Double, Double)] = [(0.122, 0.467, 0.706), (1.0, 0.498, 0.055), (0.173, 0.627, 0.173), (0.839, 0.153, 0.157)]

    /// The PNG bytes of the panels, top to bottom, sharing the x axis labelled `xLabel`.
    public static func png(panels: [ErrorBarPanel], xLabel: String, title: String?, width: Int = 700, height: Int = 600) throws -> [UInt8] {
        guard !panels.isEmpty else { throw MapPlotError("nothing to plot: no panels") }
        let canvas = try CairoCanvas(width: width, height: height)
        canvas.fill(1, 1, 1)
        let all = panels.flatMap(\.series)
        let xMin = all.flatMap(\.xLow).filter(\.isFinite).min() ?? 0, xMax = all.flatMap(\.xHigh).filter(\.isFinite).max() ?? 1
        let left = 80.0, right = Double(width) - 25, top = title == nil ? 20.0 : 45, bottom = Double(height) - 55
        let gap = 12.0
        let panelHeight = (bottom - top - gap * Double(panels.count - 1)) / Double(panels.count)
        if let title { canvas.setColor(0, 0, 0); canvas.text(title, x: Double(width) / 2, y: 25, size: 15, anchorX: 0.5, anchorY: 0.5) }
        func px(_ x: Double) -> Double { left + (x - xMin) / Swift.max(xMax - xMin, 1e-300) * (right - left) }
        let xStep = SkyGrid.niceStep(xMax - xMin, 6, angle: false)
        for (index, panel) in panels.enumerated() {
            let y0 = top + Double(index) * (panelHeight + gap), y1 = y0 + panelHeight
            let values = panel.series.flatMap { s in s.y.indices.flatMap { [s.y[$0] - s.yErrorLow[$0], s.y[$0] + s.yErrorHigh[$0]] } }.filter(\.isFinite)
            var yMin = Swift.min(values.min() ?? 0, panel.referenceLine ?? .infinity), yMax = Swift.max(values.max() ?? 1, panel.referenceLine ?? -.infinity)
            let pad = Swift.max(yMax - yMin, 1e-9) * 0.06
            yMin -= pad; yMax += pad
            func py(_ y: Double) -> Double { y1 - (y - yMin) / (yMax - yMin) * (y1 - y0) }
            canvas.setColor(0, 0, 0)
            canvas.rectangle(x: left, y: y0, width: right - left, height: panelHeight, fill: false)
            let yStep = SkyGrid.niceStep(yMax - yMin, 5, angle: false)
            var v = (yMin / yStep).rounded(.up) * yStep
            while v <= yMax {
                canvas.line([(left - 5, py(v)), (left, py(v))])
                canvas.text(MapPlot.tickText(abs(v) < yStep * 1e-9 ? 0 : v), x: left - 8, y: py(v), size: 11, anchorX: 1, anchorY: 0.5)
                v += yStep
            }
            canvas.text(panel.yLabel, x: 20, y: (y0 + y1) / 2, size: 13, anchorX: 0.5, anchorY: 0.5, angle: -Double.pi / 2)
            if let reference = panel.referenceLine {
                canvas.setColor(0.5, 0.5, 0.5)
                var x = left
                while x < right { canvas.line([(x, py(reference)), (Swift.min(x + 6, right), py(reference))]); x += 10 }
            }
            canvas.clip(x: left, y: y0, width: right - left, height: panelHeight)
            for (k, series) in panel.series.enumerated() {
                let c = colors[k % colors.count]
                canvas.setColor(c.0, c.1, c.2)
                for i in series.x.indices where series.y[i].isFinite {
                    let y = py(series.y[i])
                    canvas.line([(px(series.xLow[i]), y), (px(series.xHigh[i]), y)], width: 1.5)
                    canvas.line([(px(series.x[i]), py(series.y[i] - series.yErrorLow[i])), (px(series.x[i]), py(series.y[i] + series.yErrorHigh[i]))], width: 1.5)
                }
            }
            canvas.resetClip()
            if panel.series.count > 1 {  // legend, top right, on white
                canvas.setColor(1, 1, 1, alpha: 0.85)
                canvas.rectangle(x: right - 136, y: y0 + 5, width: 130, height: Double(panel.series.count) * 17 + 6, fill: true)
                for (k, series) in panel.series.enumerated() {
                    let c = colors[k % colors.count], ly = y0 + 16 + Double(k) * 17
                    canvas.setColor(c.0, c.1, c.2)
                    canvas.line([(right - 130, ly), (right - 110, ly)], width: 2)
                    canvas.setColor(0, 0, 0)
                    canvas.text(series.label, x: right - 104, y: ly, size: 12, anchorX: 0, anchorY: 0.5)
                }
            }
            canvas.setColor(0, 0, 0)
            if index == panels.count - 1 {
                var x = (xMin / xStep).rounded(.up) * xStep
                while x <= xMax + xStep * 1e-9 {
                    canvas.line([(px(x), y1), (px(x), y1 + 5)])
                    canvas.text(MapPlot.tickText(x), x: px(x), y: y1 + 16, size: 11, anchorX: 0.5, anchorY: 0.5)
                    x += xStep
                }
                canvas.text(xLabel, x: (left + right) / 2, y: Double(height) - 18, size: 13, anchorX: 0.5, anchorY: 0.5)
            }
        }
        return try canvas.pngData()
    }

    /// Renders to `path` atomically (see `MapPlot.writePNG`).
    public static func writePNG(panels: [ErrorBarPanel], xLabel: String, title: String?, to path: String, overwrite: Bool = false) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw MapPlotError("\(path): file exists (pass overwrite to replace it)")
        }
        try MapPlot.writeAtomically(try png(panels: panels, xLabel: xLabel, title: title), to: path, overwrite: overwrite)
    }
}
