import Dispatch
import Foundation

extension Map where Geometry == WcsGeom {
    /// Interpolation of the map's values at pixel coordinates `[x, y, p0, p1, ...]` (one array
    /// per dimension, Gammapy's order), as Gammapy's `interp_by_pix`: a regular-grid
    /// interpolator over the integer pixel grid (dimensions of one bin ignored), non-finite
    /// data taken as 0 (when any value is finite), extrapolating linearly outside. With
    /// `fillValue`, points whose rounded pixel index falls outside the map (`-0.5 ≤ p < n - 0.5`
    /// is inside) and non-finite results get `fillValue`.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
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
        var result: [Double]
        if method == .nearest && sizes.contains(where: { $0 > 1 }) {
            result = nearestByPix(pix, sizes: sizes, count: count)
        } else {
            result = try interpolateByPix(pix, sizes: sizes, count: count, method: method)
        }
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

    /// `interpByPix`'s `nearest` without the interpolator: the regular-grid interpolator over the
    /// transposed data (scipy's `find_indices` on the integer pixel grid, the lower point for a
    /// fraction up to ½, dimensions of one bin ignored, NaN for a NaN coordinate, no fill, no
    /// clip) picks one value per point, so only those values are read, in place, with the same
    /// non-finite → 0 rule. The same numbers, without transposing and copying the whole map for
    /// a few points (the aeff-max safe mask looks up one spectrum of the exposure).
    private func nearestByPix(_ pix: [[Double]], sizes: [Int], count: Int) -> [Double] {
        let included = sizes.indices.filter { sizes[$0] > 1 }
        // strides of (x, y, axis0, ...) in the data's C order (x fastest)
        var strides = [Int](repeating: 1, count: sizes.count)
        for d in 1..<sizes.count { strides[d] = strides[d - 1] * sizes[d - 1] }
        var anyFinite: Bool?
        var result = [Double](repeating: 0, count: count)
        data.withUnsafeBufferPointer { src in
            for k in 0..<count {
                var flat = 0, isNaN = false
                for d in included {
                    let x = pix[d][k]
                    if x.isNaN { isNaN = true; continue }
                    let m = sizes[d]
                    let last = Double(m - 1)
                    var i: Int
                    if x < 0 {
                        i = 0
                    } else if x >= last {
                        i = m - 2
                    } else {
                        // the last grid point not above x (searchsorted right − 1 on 0, 1, …)
                        i = Int(x.rounded(.down))
                        if i > m - 2 { i = m - 2 }
                    }
                    let f = (x - Double(i)) / (Double(i + 1) - Double(i))
                    flat += (f <= 0.5 ? i : i + 1) * strides[d]
                }
                if isNaN { result[k] = .nan; continue }
                let v = src[flat].mapValue
                if v.isFinite {
                    result[k] = v
                } else {
                    if anyFinite == nil { anyFinite = data.contains { !$0.isNaNElement && $0.mapValue.isFinite } }
                    result[k] = anyFinite! ? 0 : v
                }
            }
        }
        return result
    }

    /// `interpByPix` through the regular-grid interpolator on the transposed data.
    private func interpolateByPix(_ pix: [[Double]], sizes: [Int], count: Int,
                                  method: ScaledRegularGridInterpolator.Method) throws -> [Double] {
        // Gammapy interpolates data.T: dimension order (x, y, axis0, ...), x slowest.
        let anyFinite = data.contains { !$0.isNaNElement && $0.mapValue.isFinite }
        // walk the data in its own (C) order and place each value at its transposed position
        let ndim = sizes.count
        var destStrides = [Int](repeating: 1, count: ndim)  // C strides over `sizes`
        for d in stride(from: ndim - 2, through: 0, by: -1) { destStrides[d] = destStrides[d + 1] * sizes[d + 1] }
        let sourceShape = Array(sizes.reversed())
        let sourceToDest = (0..<ndim).map { destStrides[ndim - 1 - $0] }
        var values = [Double](repeating: 0, count: data.count)
        var index = [Int](repeating: 0, count: ndim)
        var offset = 0
        data.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for t in 0..<src.count {
                    let v = src[t].mapValue
                    dst[offset] = anyFinite && !v.isFinite ? 0 : v
                    var d = ndim - 1
                    while d >= 0 {
                        index[d] += 1
                        offset += sourceToDest[d]
                        if index[d] < sourceShape[d] { break }
                        offset -= sourceToDest[d] * sourceShape[d]
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
        let points = sizes.map { n in (0..<n).map(Double.init) }
        let interpolator: ScaledRegularGridInterpolator
        if Element.self == Float.self {
            interpolator = try ScaledRegularGridInterpolator(points: points, values: values.map { Float($0) }, method: method)
        } else {
            interpolator = try ScaledRegularGridInterpolator(points: points, values: values, method: method)
        }
        var result: [Double]
        let cores = min(ProcessInfo.processInfo.activeProcessorCount, 16)
        if cores > 1 && count >= 20_000 {
            // independent points: evaluate chunks on all cores, each into its own output range
            result = [Double](repeating: .nan, count: count)
            let chunk = (count + cores - 1) / cores
            let failed = result.withUnsafeMutableBufferPointer { buffer -> Bool in
                nonisolated(unsafe) let out = buffer
                nonisolated(unsafe) var failures = [Bool](repeating: false, count: cores)
                failures.withUnsafeMutableBufferPointer { flags in
                    nonisolated(unsafe) let flags = flags
                    DispatchQueue.concurrentPerform(iterations: cores) { c in
                        let range = (c * chunk)..<min(count, (c + 1) * chunk)
                        guard !range.isEmpty else { return }
                        guard let values = try? interpolator(pix.map { ShapedArray(Array($0[range])) }, method: method, clip: false).values else {
                            flags[c] = true
                            return
                        }
                        for (k, v) in zip(range, values) { out[k] = v }
                    }
                }
                return failures.contains(true)
            }
            if failed { result = try interpolator(pix.map { ShapedArray($0) }, method: method, clip: false).values }
        } else {
            result = try interpolator(pix.map { ShapedArray($0) }, method: method, clip: false).values
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
