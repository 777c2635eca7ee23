import Foundation

extension WcsGeom {
    /// Solid angle of each image pixel in steradians, flat in C order `(lat, lon)` — Gammapy's
    /// `to_image().solid_angle()`, computed the same way and in the same floating-point steps.
    ///
    /// This is not `cdelt²`: Gammapy takes the four corners of each pixel on the sky, the
    /// great-circle lengths of the sides (astropy's Vincenty `separation`, degrees) and the
    /// angles at two opposite corners (differences of astropy's `position_angle`, radians,
    /// wrapped into [0, 2π)), and adds the areas of the two triangles as planar ones,
    /// `½·a·b·sin γ` (deg², then × (π/180)² to sr, absolute value). Pixels with a corner outside
    /// the projection (the rim of an all-sky AIT map) are NaN.
    ///
    /// Neighbouring pixels share their sides: each side's length and its position angles (and
    /// the sine and cosine of its Δlon, which both use) are computed once, with the same
    /// expressions, and looked up by the two pixels — the same numbers at half the trigonometry.
    public func solidAngle() -> [Double] {
        let nx = npix.lon, ny = npix.lat
        let corners = imageCoordinates(mode: .edges)
        let rad = Double.pi / 180          // astropy's deg → rad scale
        let deg = 1 / rad                  // astropy's rad → deg scale (57.29577951308232)
        let sr = rad * rad                 // deg² → sr
        let turn = 360 * rad               // astropy's 360° in radians (6.283185307179586)
        let stride = nx + 1
        // Per-corner sines and cosines of the latitude, reused by four pixels each.
        var sinLat = [Double](repeating: .nan, count: corners.lat.count)
        var cosLat = sinLat
        for k in corners.lat.indices {
            sinLat[k] = sin(corners.lat[k] * rad)
            cosLat[k] = cos(corners.lat[k] * rad)
        }
        @inline(__always) func wrapped(_ a: Double) -> Double {
            // astropy's position angle wrapped into [0, 2π)
            var angle = a
            if angle < 0 || angle >= turn {
                angle -= (angle / turn).rounded(.down) * turn
                if angle >= turn { angle -= turn }
                if angle < 0 { angle += turn }
            }
            return angle
        }
        /// astropy's angular_separation(a, b) in degrees and position_angle(from a to b),
        /// sharing sin and cos of Δlon; with `back`, also position_angle(from b to a), whose Δlon
        /// is the negative (exactly, in floating point) with the same cosine and negated sine.
        @inline(__always) func side(_ a: Int, _ b: Int, back: Bool = false)
            -> (separation: Double, positionAngle: Double, backAngle: Double) {
            let dlon = (corners.lon[b] - corners.lon[a]) * rad
            let sdlon = sin(dlon), cdlon = cos(dlon)
            let num1 = cosLat[b] * sdlon
            let num2 = cosLat[a] * sinLat[b] - sinLat[a] * cosLat[b] * cdlon
            let denominator = sinLat[a] * sinLat[b] + cosLat[a] * cosLat[b] * cdlon
            let separation = atan2(hypot(num1, num2), denominator) * deg
            let colat = cosLat[b]
            let x = sinLat[b] * cosLat[a] - colat * sinLat[a] * cdlon
            let y = sdlon * colat
            guard back else { return (separation, wrapped(atan2(y, x)), 0) }
            let backColat = cosLat[a]
            let backX = sinLat[a] * cosLat[b] - backColat * sinLat[b] * cdlon
            let backY = -sdlon * backColat
            return (separation, wrapped(atan2(y, x)), wrapped(atan2(backY, backX)))
        }
        // Sides along lon, corner (j, i) → (j, i + 1): `across[j * nx + i]`, j in 0...ny; sides
        // along lat, corner (j, i) → (j + 1, i): `along[j * stride + i]`, i in 0...nx, with the
        // position angle back from (j + 1, i) to (j, i).
        let acrossCount = (ny + 1) * nx, alongCount = ny * stride
        var acrossLength = [Double](repeating: 0, count: acrossCount), acrossAngle = acrossLength
        var alongLength = [Double](repeating: 0, count: alongCount), alongAngle = alongLength, backAngle = alongLength
        for j in 0...ny {
            for i in 0..<nx {
                let s = side(j * stride + i, j * stride + i + 1)
                acrossLength[j * nx + i] = s.separation
                acrossAngle[j * nx + i] = s.positionAngle
            }
        }
        for j in 0..<ny {
            for i in 0...nx {
                let s = side(j * stride + i, (j + 1) * stride + i, back: true)
                alongLength[j * stride + i] = s.separation
                alongAngle[j * stride + i] = s.positionAngle
                backAngle[j * stride + i] = s.backAngle
            }
        }
        var result = [Double](repeating: 0, count: nx * ny)
        for j in 0..<ny {
            for i in 0..<nx {
                // Gammapy's corner names over the (lat, lon)-indexed corner grid: lowLeft (j, i),
                // lowRight (j + 1, i), upLeft (j, i + 1), upRight (j + 1, i + 1)
                let low = alongLength[j * stride + i]            // lowLeft → lowRight
                let left = acrossLength[j * nx + i]              // lowLeft → upLeft
                let up = alongLength[j * stride + i + 1]         // upLeft → upRight
                let right = acrossLength[(j + 1) * nx + i]       // lowRight → upRight
                // PA(lowRight → upRight) − PA(lowRight → lowLeft)
                let angleLowRight = acrossAngle[(j + 1) * nx + i] - backAngle[j * stride + i]
                // PA(upLeft → upRight) − PA(lowLeft → upLeft)
                let angleUpLeft = alongAngle[j * stride + i + 1] - acrossAngle[j * nx + i]
                let areaLowRight = 0.5 * low * right * sin(angleLowRight)
                let areaUpLeft = 0.5 * up * left * sin(angleUpLeft)
                result[j * nx + i] = abs((areaLowRight + areaUpLeft) * sr)
            }
        }
        return result
    }

    /// Bin volume of every data element: solid angle (sr) times the axes' bin widths (Gammapy's
    /// `bin_volume`), flat in C order over `dataShape`.
    public func binVolume() -> [Double] {
        let solid = solidAngle()
        var result: [Double] = []
        result.reserveCapacity(dataCount)
        for v in axes.binVolume() { for s in solid { result.append(s * v) } }
        return result
    }
}
