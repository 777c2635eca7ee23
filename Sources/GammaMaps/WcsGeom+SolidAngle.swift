import Foundation

extension WcsGeom {
    /// Solid angle of each image pixel in steradians, flat in C order `(lat, lon)` — Gammapy's
    /// `to_image().solid_angle()`, by the same formula.
    ///
    /// This is not `cdelt²`: Gammapy takes the four corners of each pixel on the sky, the
    /// great-circle lengths of the sides (astropy's Vincenty `separation`, degrees) and the
    /// angles at two opposite corners (differences of astropy's `position_angle`, radians,
    /// wrapped into [0, 2π)), and adds the areas of the two triangles as planar ones,
    /// `½·a·b·sin γ` (deg², then × (π/180)² to sr, absolute value). One of the two angles is the
    /// difference of position angles taken at two different corners, so the result depends a
    /// little on where the pixel is on the sky (by ~5e-9 at 22° declination, more towards the
    /// poles) — kept, as it is Gammapy's number. Pixels with a corner outside the projection (the
    /// rim of an all-sky AIT map) are NaN.
    ///
    /// Neighbouring pixels share their sides: each side's length and position angles are
    /// computed once and looked up by the two pixels. The trigonometry is done algebraically
    /// where that gives the same number to rounding (~1e-16 relative): sine and cosine of a side's
    /// small Δlon and the arctangent of its small length by their series, and `sin γ` of a
    /// difference of position angles from the angles' sines and cosines, without the angles.
    public func solidAngle() -> [Double] {
        let nx = npix.lon, ny = npix.lat
        let corners = imageCoordinates(mode: .edges)
        let rad = Double.pi / 180          // astropy's deg → rad scale
        let deg = 1 / rad                  // astropy's rad → deg scale (57.29577951308232)
        let sr = rad * rad                 // deg² → sr
        let stride = nx + 1
        typealias Direction = (x: Double, y: Double, length: Double)
        // Per-corner sines and cosines of the latitude, reused by four pixels each.
        var sinLat = [Double](repeating: .nan, count: corners.lat.count)
        var cosLat = sinLat
        for k in corners.lat.indices {
            (sinLat[k], cosLat[k]) = LibmRoutines.sinCos(corners.lat[k] * rad)
        }
        /// The direction of a position angle atan2(y, x): `(x, y)` and its length, the cosine and
        /// sine times the length (atan2(±0, ±0) is 0 or π: cosine ±1, sine 0).
        @inline(__always) func direction(_ y: Double, _ x: Double) -> Direction {
            let r = (x * x + y * y).squareRoot()
            if r == 0 { return (x.sign == .minus ? -1 : 1, 0, 1) }
            return (x, y, r)
        }
        /// astropy's angular_separation(a, b) in degrees and the direction of position_angle(from
        /// a to b); with `back`, also that of position_angle(from b to a), whose Δlon is the
        /// negative (exactly, in floating point) with the same cosine and negated sine.
        @inline(__always) func side(_ a: Int, _ b: Int, back: Bool = false)
            -> (separation: Double, forward: Direction, back: Direction) {
            let dlon = (corners.lon[b] - corners.lon[a]) * rad
            let sdlon: Double, cdlon: Double
            if abs(dlon) < 0.01 {
                // series to x⁷ and x⁶: the omitted terms are below 1e-20 of the result
                let x2 = dlon * dlon
                sdlon = dlon * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42)))
                cdlon = 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30))
            } else {
                sdlon = sin(dlon)
                cdlon = cos(dlon)
            }
            let num1 = cosLat[b] * sdlon
            let num2 = cosLat[a] * sinLat[b] - sinLat[a] * cosLat[b] * cdlon
            let denominator = sinLat[a] * sinLat[b] + cosLat[a] * cosLat[b] * cdlon
            let h = (num1 * num1 + num2 * num2).squareRoot()  // |num| ≤ 1: no overflow to guard against
            let separation: Double
            if denominator > 0 && h < 0.01 * denominator {
                let z = h / denominator, z2 = z * z
                separation = z * (1 - z2 * (1.0 / 3 - z2 * (1.0 / 5 - z2 / 7))) * deg
            } else {
                separation = atan2(h, denominator) * deg
            }
            let colat = cosLat[b]
            let forward = direction(sdlon * colat, sinLat[b] * cosLat[a] - colat * sinLat[a] * cdlon)
            guard back else { return (separation, forward, (1, 0, 1)) }
            let backColat = cosLat[a]
            return (separation, forward, direction(-sdlon * backColat, sinLat[a] * cosLat[b] - backColat * sinLat[b] * cdlon))
        }
        /// sin(α − β) of two position angles from their directions.
        @inline(__always) func sinOfDifference(_ a: Direction, _ b: Direction) -> Double {
            (a.y * b.x - a.x * b.y) / (a.length * b.length)
        }
        // Sides along lon, corner (j, i) → (j, i + 1): `across[j * nx + i]`, j in 0...ny; sides
        // along lat, corner (j, i) → (j + 1, i): `along[j * stride + i]`, i in 0...nx, with the
        // position angle back from (j + 1, i) to (j, i).
        let acrossCount = (ny + 1) * nx, alongCount = ny * stride
        var acrossLength = [Double](repeating: 0, count: acrossCount)
        var acrossAngle = [Direction](repeating: (1, 0, 1), count: acrossCount)
        var alongLength = [Double](repeating: 0, count: alongCount)
        var alongAngle = [Direction](repeating: (1, 0, 1), count: alongCount), backAngle = alongAngle
        for j in 0...ny {
            for i in 0..<nx {
                let s = side(j * stride + i, j * stride + i + 1)
                acrossLength[j * nx + i] = s.separation
                acrossAngle[j * nx + i] = s.forward
            }
        }
        for j in 0..<ny {
            for i in 0...nx {
                let s = side(j * stride + i, (j + 1) * stride + i, back: true)
                alongLength[j * stride + i] = s.separation
                alongAngle[j * stride + i] = s.forward
                backAngle[j * stride + i] = s.back
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
                let sinLowRight = sinOfDifference(acrossAngle[(j + 1) * nx + i], backAngle[j * stride + i])
                // PA(upLeft → upRight) − PA(lowLeft → upLeft)
                let sinUpLeft = sinOfDifference(alongAngle[j * stride + i + 1], acrossAngle[j * nx + i])
                let areaLowRight = 0.5 * low * right * sinLowRight
                let areaUpLeft = 0.5 * up * left * sinUpLeft
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
