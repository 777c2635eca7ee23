extension Map where Geometry == WcsGeom {
    /// Interpolation of the map's values at pixel coordinates `[x, y, p0, p1, ...]` (one array
    /// per dimension, Gammapy's order), as Gammapy's `interp_by_pix`: a regular-grid
    /// interpolator over the integer pixel grid (dimensions of one bin ignored), non-finite
    /// data taken as 0 (when any value is finite), extrapolating linearly outside. With
    /// `fillValue`, points whose rounded pixel index falls outside the map (`-0.5 ≤ p < n - 0.5`
    /// is inside) and non-finite results get `fillValue`.
    public func interpByPix(_ pix: [[Double]], method: ScaledRegularGridInterpolator.Method = .linear,
                            fillValue: Double? = nil) throws -> [Double] {
        let sizes = [geom.npix.lon, geom.npix.lat] + geom.axes.shape
        guard pix.count == sizes.count else {
            throw MapError(.shapeMismatch, subject: "pix", message: "\(pix.count) coordinate arrays for \(sizes.count) dimensions")
        }
        let count = pix[0].count
        guard pix.allSatisfy({ $0.count == count }) else {
            throw MapError(.shapeMismatch, subject: "pix", message: "coordinate arrays of different lengths")
        }
        // Gammapy interpolates data.T: dimension order (x, y, axis0, ...), x slowest.
        let anyFinite = data.contains { !$0.isNaNElement && $0.mapValue.isFinite }
        var values = [Double](repeating: 0, count: data.count)
        let dataShape = Array(sizes.reversed())
        var dataStrides = [Int](repeating: 1, count: dataShape.count)
        for d in stride(from: dataShape.count - 2, through: 0, by: -1) { dataStrides[d] = dataStrides[d + 1] * dataShape[d + 1] }
        // C order over `sizes` = Fortran order over the data
        var index = [Int](repeating: 0, count: sizes.count)
        data.withUnsafeBufferPointer { src in
            for t in 0..<values.count {
                var flat = 0
                for d in 0..<sizes.count { flat += index[d] * dataStrides[sizes.count - 1 - d] }
                let v = src[flat].mapValue
                values[t] = anyFinite && !v.isFinite ? 0 : v
                var d = sizes.count - 1
                while d >= 0 { index[d] += 1; if index[d] < sizes[d] { break }; index[d] = 0; d -= 1 }
            }
        }
        let points = sizes.map { n in (0..<n).map(Double.init) }
        let interpolator: ScaledRegularGridInterpolator
        if Element.self == Float.self {
            interpolator = try ScaledRegularGridInterpolator(points: points, values: values.map { Float($0) }, method: method)
        } else {
            interpolator = try ScaledRegularGridInterpolator(points: points, values: values, method: method)
        }
        var result = try interpolator(pix.map { ShapedArray($0) }, method: method, clip: false).values
        if let fillValue {
            for k in 0..<count {
                var outside = !result[k].isFinite
                for d in 0..<sizes.count where !outside {
                    let i = WcsGeom.pixelIndex(pix[d][k])
                    if i < 0 || i >= sizes[d] { outside = true }
                }
                if outside { result[k] = fillValue }
            }
        }
        return result
    }

    /// Interpolation at map coordinates (Gammapy's `interp_by_coord`): the coordinates'
    /// pixel positions, then `interpByPix`.
    public func interpByCoord(_ coord: MapCoord, method: ScaledRegularGridInterpolator.Method = .linear,
                              fillValue: Double? = nil) throws -> [Double] {
        try interpByPix(geom.coordToPix(coord), method: method, fillValue: fillValue)
    }
}
