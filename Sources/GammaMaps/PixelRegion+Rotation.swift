import Foundation

extension PixelRegion {
    /// The region rotated counter-clockwise by `radians` about the pixel position `(x, y)`, as
    /// astropy-regions' `rotate(center, angle)`: centres and vertices move on the circle about
    /// the point, ellipses and rectangles also turn by the angle; sizes are kept.
    public func rotated(aboutX x: Double, y: Double, radians: Double) -> PixelRegion {
        let c = cos(radians), s = sin(radians)
        // regions' PixCoord.rotate: the 2 × 2 rotation matrix times (dx, dy)
        func turn(_ px: Double, _ py: Double) -> (Double, Double) {
            let dx = px - x, dy = py - y
            return (x + (c * dx - s * dy), y + (s * dx + c * dy))
        }
        let degrees = radians * (180 / Double.pi)
        let turned: Shape
        switch shape {
        case .circle(let cx, let cy, let r):
            let p = turn(cx, cy)
            turned = .circle(x: p.0, y: p.1, radius: r)
        case .circleAnnulus(let cx, let cy, let inner, let outer):
            let p = turn(cx, cy)
            turned = .circleAnnulus(x: p.0, y: p.1, innerRadius: inner, outerRadius: outer)
        case .ellipse(let cx, let cy, let w, let h, let angle):
            let p = turn(cx, cy)
            turned = .ellipse(x: p.0, y: p.1, width: w, height: h, angle: angle + degrees)
        case .rectangle(let cx, let cy, let w, let h, let angle):
            let p = turn(cx, cy)
            turned = .rectangle(x: p.0, y: p.1, width: w, height: h, angle: angle + degrees)
        case .polygon(let xs, let ys):
            let points = zip(xs, ys).map { turn($0, $1) }
            turned = .polygon(x: points.map(\.0), y: points.map(\.1))
        case .point(let px, let py):
            let p = turn(px, py)
            turned = .point(x: p.0, y: p.1)
        case .compound(let op, let a, let b):
            turned = .compound(op, a.rotated(aboutX: x, y: y, radians: radians), b.rotated(aboutX: x, y: y, radians: radians))
        }
        return PixelRegion(turned, include: include)
    }

    /// Whether any of the pixel positions lies inside (one pass, stops at the first).
    public func containsAny(x: [Double], y: [Double]) -> Bool {
        precondition(x.count == y.count, "x and y must have the same length")
        for k in x.indices where contains(x: x[k], y: y[k]) { return true }
        return false
    }
}
