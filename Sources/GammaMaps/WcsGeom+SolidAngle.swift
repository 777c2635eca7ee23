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
        @inline(__always) func separation(_ a: Int, _ b: Int) -> Double {
            // astropy's angular_separation(lon1=a, lat1=a, lon2=b, lat2=b), in degrees
            let dlon = (corners.lon[b] - corners.lon[a]) * rad
            let sdlon = sin(dlon), cdlon = cos(dlon)
            let num1 = cosLat[b] * sdlon
            let num2 = cosLat[a] * sinLat[b] - sinLat[a] * cosLat[b] * cdlon
            let denominator = sinLat[a] * sinLat[b] + cosLat[a] * cosLat[b] * cdlon
            return atan2(hypot(num1, num2), denominator) * deg
        }
        @inline(__always) func positionAngle(_ a: Int, _ b: Int) -> Double {
            // astropy's position_angle(from a to b), radians wrapped into [0, 2π)
            let deltalon = (corners.lon[b] - corners.lon[a]) * rad
            let colat = cosLat[b]
            let x = sinLat[b] * cosLat[a] - colat * sinLat[a] * cos(deltalon)
            let y = sin(deltalon) * colat
            var angle = atan2(y, x)
            if angle < 0 || angle >= turn {
                angle -= (angle / turn).rounded(.down) * turn
                if angle >= turn { angle -= turn }
                if angle < 0 { angle += turn }
            }
            return angle
        }
        var result = [Double](repeating: 0, count: nx * ny)
        for j in 0..<ny {
            for i in 0..<nx {
                // Gammapy's corner names over the (lat, lon)-indexed corner grid
                let lowLeft = j * stride + i
                let lowRight = (j + 1) * stride + i
                let upLeft = j * stride + i + 1
                let upRight = (j + 1) * stride + i + 1
                let low = separation(lowLeft, lowRight)
                let left = separation(lowLeft, upLeft)
                let up = separation(upLeft, upRight)
                let right = separation(lowRight, upRight)
                let angleLowRight = positionAngle(lowRight, upRight) - positionAngle(lowRight, lowLeft)
                let angleUpLeft = positionAngle(upLeft, upRight) - positionAngle(lowLeft, upLeft)
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
