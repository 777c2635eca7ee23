import Foundation

/// A region in zero-based pixel coordinates of one WCS (astropy-regions' pixel regions), made
/// by `SkyRegion.toPixel`. Lengths are in pixels, rotation angles in degrees counter-clockwise
/// from the x axis. `contains` decides exactly as regions 0.11 does (strict `<` for circles and
/// rectangles, `<= 1` for ellipses, the even–odd rule for polygons, nothing for points).
public struct PixelRegion: Sendable, Equatable {
    public indirect enum Shape: Sendable, Equatable {
        case circle(x: Double, y: Double, radius: Double)
        case circleAnnulus(x: Double, y: Double, innerRadius: Double, outerRadius: Double)
        case ellipse(x: Double, y: Double, width: Double, height: Double, angle: Double)
        case rectangle(x: Double, y: Double, width: Double, height: Double, angle: Double)
        case polygon(x: [Double], y: [Double])
        case point(x: Double, y: Double)
        case compound(RegionOperator, PixelRegion, PixelRegion)
    }

    public var shape: Shape
    public var include: Bool

    public init(_ shape: Shape, include: Bool = true) {
        self.shape = shape
        self.include = include
    }

    /// Whether the pixel position `(x, y)` lies inside.
    public func contains(x: Double, y: Double) -> Bool {
        let inside: Bool
        switch shape {
        case .circle(let cx, let cy, let r):
            inside = hypot(x - cx, y - cy) < r
        case .circleAnnulus(let cx, let cy, let inner, let outer):
            let d = hypot(x - cx, y - cy)
            inside = (d < inner) != (d < outer)
        case .ellipse(let cx, let cy, let w, let h, let angle):
            let (c, s) = Self.cosSin(angle)
            let dx = x - cx, dy = y - cy
            let u = 2 * (c * dx + s * dy) / w
            let v = 2 * (s * dx - c * dy) / h
            inside = u * u + v * v <= 1
        case .rectangle(let cx, let cy, let w, let h, let angle):
            let (c, s) = Self.cosSin(angle)
            let dx = x - cx, dy = y - cy
            inside = abs(c * dx + s * dy) < w * 0.5 && abs(s * dx - c * dy) < h * 0.5
        case .polygon(let vx, let vy):
            inside = Self.pointInPolygon(x, y, vx, vy)
        case .point:
            inside = false
        case .compound(let op, let a, let b):
            inside = op.apply(a.contains(x: x, y: y), b.contains(x: x, y: y))
        }
        return include ? inside : !inside
    }

    /// `contains` over many positions.
    public func contains(x: [Double], y: [Double]) -> [Bool] {
        precondition(x.count == y.count, "x and y must have the same length")
        var result = [Bool](repeating: false, count: x.count)
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                for k in 0..<xs.count { result[k] = contains(x: xs[k], y: ys[k]) }
            }
        }
        return result
    }

    /// Area in square pixels (regions' `area`); a compound's is not defined here (nil).
    public var area: Double? {
        switch shape {
        case .circle(_, _, let r): return Double.pi * r * r
        case .circleAnnulus(_, _, let inner, let outer): return Double.pi * outer * outer - Double.pi * inner * inner
        case .ellipse(_, _, let w, let h, _): return Double.pi / 4 * w * h
        case .rectangle(_, _, let w, let h, _): return w * h
        case .polygon(let vx, let vy):
            // shoelace with the mean subtracted, as regions computes it
            let mx = vx.reduce(0, +) / Double(vx.count), my = vy.reduce(0, +) / Double(vy.count)
            let x = vx.map { $0 - mx }, y = vy.map { $0 - my }
            var main = 0.0, other = 0.0
            for i in 0..<(x.count - 1) { main += x[i] * y[i + 1] }
            for i in 0..<(x.count - 1) { other += y[i] * x[i + 1] }
            let last = x[x.count - 1] * y[0] - y[y.count - 1] * x[0]
            return 0.5 * abs(main - other + last)
        case .point: return 0
        case .compound: return nil
        }
    }

    /// The smallest integer box `[ixmin, ixmax) × [iymin, iymax)` of pixels that covers the
    /// region (regions' `bounding_box`, `RegionBoundingBox.from_float`).
    public var boundingBox: (ixmin: Int, ixmax: Int, iymin: Int, iymax: Int) {
        func box(_ xmin: Double, _ xmax: Double, _ ymin: Double, _ ymax: Double) -> (Int, Int, Int, Int) {
            (Int((xmin + 0.5).rounded(.down)), Int((xmax + 0.5).rounded(.up)),
             Int((ymin + 0.5).rounded(.down)), Int((ymax + 0.5).rounded(.up)))
        }
        switch shape {
        case .circle(let x, let y, let r), .circleAnnulus(let x, let y, _, let r):
            return box(x - r, x + r, y - r, y + r)
        case .ellipse(let x, let y, let w, let h, let angle):
            let (c, s) = Self.cosSin(angle)
            let wx = 0.5 * w * c, wy = 0.5 * w * s, hx = 0.5 * h * -s, hy = 0.5 * h * c
            let dx = (wx * wx + hx * hx).squareRoot(), dy = (wy * wy + hy * hy).squareRoot()
            return box(x - dx, x + dx, y - dy, y + dy)
        case .rectangle(let x, let y, let w, let h, let angle):
            let (c, s) = Self.cosSin(angle)
            let w2 = w / 2, h2 = h / 2
            let dx = max(abs(w2 * c - h2 * s), abs(w2 * c + h2 * s))
            let dy = max(abs(w2 * s + h2 * c), abs(w2 * s - h2 * c))
            return box(x - dx, x + dx, y - dy, y + dy)
        case .polygon(let vx, let vy):
            return box(vx.min()!, vx.max()!, vy.min()!, vy.max()!)
        case .point(let x, let y):
            return box(x, x, y, y)
        case .compound(_, let a, let b):
            let p = a.boundingBox, q = b.boundingBox
            return (min(p.ixmin, q.ixmin), max(p.ixmax, q.ixmax), min(p.iymin, q.iymin), max(p.iymax, q.iymax))
        }
    }

    /// cos and sin of an angle in degrees, converted as astropy converts deg → rad.
    @inline(__always)
    static func cosSin(_ degrees: Double) -> (Double, Double) {
        let r = degrees * (Double.pi / 180)
        return (cos(r), sin(r))
    }

    /// regions' `point_in_polygon` (W. R. Franklin's even–odd test).
    static func pointInPolygon(_ x: Double, _ y: Double, _ vx: [Double], _ vy: [Double]) -> Bool {
        let n = vx.count
        var crossings = 0
        for i in 0..<n {
            let j = (i + n - 1) % n
            if (vy[i] > y) != (vy[j] > y) && x < (vx[j] - vx[i]) * (y - vy[i]) / (vy[j] - vy[i]) + vx[i] {
                crossings += 1
            }
        }
        return crossings % 2 == 1
    }
}
