import Foundation
import GammaMaps

/// A sky region drawn over a map picture: its outline in a colour, named in the legend (what
/// Gammapy's `plot_spectrum_datasets_off_regions` and `region.plot` draw).
public struct PlotRegion: Sendable {
    public var region: SkyRegion
    /// RGB in 0...1.
    public var color: (Double, Double, Double)
    public var label: String?

    public init(_ region: SkyRegion, color: (Double, Double, Double), label: String? = nil) {
        self.region = region
        self.color = color
        self.label = label
    }

    /// matplotlib's default colour cycle ("tab10"), which Gammapy's OFF-region plots use.
    public static let cycle: [(Double, Double, Double)] = [
        (0.122, 0.467, 0.706), (1.0, 0.498, 0.055), (0.173, 0.627, 0.173), (0.839, 0.153, 0.157), (0.580, 0.404, 0.741),
        (0.549, 0.337, 0.294), (0.890, 0.467, 0.761), (0.498, 0.498, 0.498), (0.737, 0.741, 0.133), (0.090, 0.745, 0.812),
    ]
}

extension PixelRegion {
    /// Closed outlines in pixel coordinates: one per circle, ellipse, rectangle or polygon (two for
    /// an annulus, one per part of a union); a point is a small cross.
    func outlines() -> [[(Double, Double)]] {
        func ellipse(_ cx: Double, _ cy: Double, _ a: Double, _ b: Double, _ angle: Double) -> [(Double, Double)] {
            let c = cos(angle * .pi / 180), s = sin(angle * .pi / 180)
            return (0...96).map { k in
                let t = Double(k) / 96 * 2 * .pi
                let u = a * cos(t), v = b * sin(t)
                return (cx + u * c + v * s, cy + u * s - v * c)
            }
        }
        switch shape {
        case .circle(let x, let y, let r): return [ellipse(x, y, r, r, 0)]
        case .circleAnnulus(let x, let y, let inner, let outer): return [ellipse(x, y, inner, inner, 0), ellipse(x, y, outer, outer, 0)]
        case .ellipse(let x, let y, let w, let h, let angle): return [ellipse(x, y, w / 2, h / 2, angle)]
        case .rectangle(let x, let y, let w, let h, let angle):
            let c = cos(angle * .pi / 180), s = sin(angle * .pi / 180)
            let corners = [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (1.0, 1.0)]
            return [corners.map { (x + $0.0 * w / 2 * c + $0.1 * h / 2 * s, y + $0.0 * w / 2 * s - $0.1 * h / 2 * c) }]
        case .polygon(let vx, let vy): return [Array(zip(vx, vy)) + [(vx[0], vy[0])]]
        case .point(let x, let y): return [[(x - 1, y), (x + 1, y)], [(x, y - 1), (x, y + 1)]]
        case .compound(_, let a, let b): return a.outlines() + b.outlines()
        }
    }
}
