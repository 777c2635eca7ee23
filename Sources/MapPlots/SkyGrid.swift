import Foundation
import GammaMaps
import Sky

/// Lines of constant longitude and latitude over a map image, in zero-based image pixel
/// coordinates, with the tick label of each and where it meets the frame. Computed from the
/// WCS (sampled lines, broken where the projection has no pixel or jumps), so it is right for
/// any projection, rotated or curved.
struct SkyGrid {
    struct Line {
        /// Constant longitude (true) or latitude.
        var isLongitude: Bool
        /// The value in degrees.
        var value: Double
        /// Continuous pieces of the line, pixel coordinates.
        var segments: [[(x: Double, y: Double)]]
        /// The tick label, e.g. `83.5°`.
        var label: String
        /// Where the line meets the bottom (longitude) or left (latitude) edge of the image;
        /// nil when it does not.
        var edgeCrossing: (x: Double, y: Double)?
        /// A point on the line inside the image, for a label when there is no edge crossing.
        var insidePoint: (x: Double, y: Double)?
    }

    var lines: [Line]

    init(_ geom: WcsGeom, targetTicks: Int = 6) {
        let nx = Double(geom.npix.lon), ny = Double(geom.npix.lat)
        // the sky the image covers, from a grid of pixel positions (edges included)
        let steps = 40
        var px: [Double] = [], py: [Double] = []
        for j in 0...steps {
            for i in 0...steps {
                px.append(-0.5 + nx * Double(i) / Double(steps))
                py.append(-0.5 + ny * Double(j) / Double(steps))
            }
        }
        let world = geom.pixelToWorld(x: px, y: py)
        let center = geom.centerSkyDir
        let c0 = center.lon.isFinite ? center.lon : geom.wcs.crval[0]
        var dMin = Double.infinity, dMax = -Double.infinity, latMin = Double.infinity, latMax = -Double.infinity
        for k in world.lon.indices where world.lon[k].isFinite && world.lat[k].isFinite {
            let d = Self.unwrap(world.lon[k] - c0)
            dMin = min(dMin, d); dMax = max(dMax, d)
            latMin = min(latMin, world.lat[k]); latMax = max(latMax, world.lat[k])
        }
        guard dMin.isFinite, latMin.isFinite else { lines = []; return }
        // a pole inside the image: every longitude
        if latMax > 89.5 || latMin < -89.5 || dMax - dMin > 300 { dMin = -180; dMax = 180 - 1e-6 }
        let lonStep = Self.niceStep(dMax - dMin, targetTicks)
        let latStep = Self.niceStep(latMax - latMin, targetTicks)
        var lines: [Line] = []
        let maxJump = max(nx, ny) / 3

        func trace(_ lon: [Double], _ lat: [Double]) -> [[(x: Double, y: Double)]] {
            let p = geom.worldToPixel(lon: lon, lat: lat)
            var segments: [[(x: Double, y: Double)]] = [], current: [(x: Double, y: Double)] = []
            for k in p.x.indices {
                let x = p.x[k], y = p.y[k]
                if !x.isFinite || !y.isFinite {
                    if current.count > 1 { segments.append(current) }
                    current = []
                    continue
                }
                if let last = current.last, hypot(x - last.x, y - last.y) > maxJump {
                    if current.count > 1 { segments.append(current) }
                    current = []
                }
                current.append((x, y))
            }
            if current.count > 1 { segments.append(current) }
            return segments
        }
        func inside(_ p: (x: Double, y: Double)) -> Bool { p.x >= -0.5 && p.x <= nx - 0.5 && p.y >= -0.5 && p.y <= ny - 0.5 }
        func crossing(_ segments: [[(x: Double, y: Double)]], horizontal: Bool, at edge: Double) -> (x: Double, y: Double)? {
            for s in segments {
                for (a, b) in zip(s, s.dropFirst()) {
                    let ua = horizontal ? a.y - edge : a.x - edge, ub = horizontal ? b.y - edge : b.x - edge
                    guard ua * ub <= 0, ua != ub else { continue }
                    let t = ua / (ua - ub)
                    let p = (x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
                    if horizontal ? (p.x >= -0.5 && p.x <= nx - 0.5) : (p.y >= -0.5 && p.y <= ny - 0.5) { return p }
                }
            }
            return nil
        }

        let latSamples = (0...240).map { latMin + (latMax - latMin) * Double($0) / 240 }
        // ticks at whole multiples of the step in absolute longitude
        var tick = ((c0 + dMin) / lonStep).rounded(.up) * lonStep
        while tick <= c0 + dMax + 1e-9 {
            let lon = Self.wrap360(tick)
            let segments = trace([Double](repeating: lon, count: latSamples.count), latSamples)
            let mid = segments.flatMap { $0 }.filter(inside)
            lines.append(Line(isLongitude: true, value: lon, segments: segments, label: Self.label(lon, step: lonStep),
                              edgeCrossing: crossing(segments, horizontal: true, at: -0.5),
                              insidePoint: mid.isEmpty ? nil : mid[mid.count / 2]))
            tick += lonStep
        }
        let lonSamples = (0...480).map { Self.wrap360(c0 + dMin + (dMax - dMin) * Double($0) / 480) }
        var b = (latMin / latStep).rounded(.up) * latStep
        while b <= latMax + 1e-9 {
            let value = abs(b) < 1e-12 ? 0 : b
            if abs(value) < 90 {
                let segments = trace(lonSamples, [Double](repeating: value, count: lonSamples.count))
                let inner = segments.flatMap { $0 }.filter(inside)
                lines.append(Line(isLongitude: false, value: value, segments: segments, label: Self.label(value, step: latStep),
                                  edgeCrossing: crossing(segments, horizontal: false, at: -0.5),
                                  insidePoint: inner.min { $0.x < $1.x }))
            }
            b += latStep
        }
        self.lines = lines
    }

    /// A round step giving about `target` ticks over `range`: 1, 2, 2.5 or 5 times a power
    /// of ten; for angles above 5° the usual 10, 15, 20, 30, 45, 60, 90°.
    static func niceStep(_ range: Double, _ target: Int, angle: Bool = true) -> Double {
        let raw = max(range, 1e-9) / Double(max(target, 1))
        if angle && raw > 5 {
            return [10.0, 15, 20, 30, 45, 60, 90].first { $0 >= raw * 0.999 } ?? 90
        }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for f in [1.0, 2, 2.5, 5, 10] where f * magnitude >= raw * 0.999 { return f * magnitude }
        return 10 * magnitude
    }

    /// `value°` with as many decimals as the step needs.
    static func label(_ value: Double, step: Double) -> String {
        var decimals = max(0, Int((-log10(step)).rounded(.up)))
        if decimals > 0, abs(step * pow(10, Double(decimals)) - (step * pow(10, Double(decimals))).rounded()) > 1e-6 { decimals += 1 }
        let v = abs(value) < 0.5 * pow(10, -Double(decimals)) ? 0 : value
        return String(format: "%.\(decimals)f°", v)
    }

    static func unwrap(_ d: Double) -> Double {
        var x = d.truncatingRemainder(dividingBy: 360)
        if x > 180 { x -= 360 }
        if x <= -180 { x += 360 }
        return x
    }

    static func wrap360(_ v: Double) -> Double {
        var x = v.truncatingRemainder(dividingBy: 360)
        if x < 0 { x += 360 }
        return x
    }
}
