import Foundation

/// An error building or calling an interpolator: inconsistent shapes or unusable grids.
public struct InterpolationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// N-dimensional interpolation on a regular grid, as Gammapy's `ScaledRegularGridInterpolator`
/// (scipy's `RegularGridInterpolator` with `bounds_error=False` between a scaling of the
/// coordinates and values and its inverse).
///
/// - Each axis's grid points and query coordinates are mapped by its `pointsScale`
///   (`lin`/`log`/`sqrt`); values by `valuesScale` before interpolating and back afterwards.
/// - Axes with a single grid point are ignored (their coordinates do not matter); with no axis
///   left only `nearest` is possible.
/// - Outside the grid the linear formula extrapolates (`fillValue == nil`, Gammapy's
///   `extrapolate=True`), or the result is `fillValue` — which, as in Gammapy, is set in the
///   scaled space and goes through the inverse value scale.
/// - `clip` (on by default, as Gammapy's `__call__`) sets negative results to zero.
/// - NaN coordinates give NaN.
///
/// The arithmetic follows scipy term by term: the general path sums the 2^N corner terms
/// `value × (w₀ × w₁ × …)` in scipy's corner order; with two axes and float64 values in native
/// byte order scipy's compiled 2-D path `((v × w₀) × w₁) + …` is reproduced instead.
///
/// Building scales the values once; calls are cheap and batched: each coordinate array is mapped
/// to (cell, fraction) once per element, then the broadcast result is filled in one pass.
public struct ScaledRegularGridInterpolator: Sendable {
    public enum Method: String, Sendable { case linear, nearest }

    /// How the values were stored before scaling, which decides the precision of the scaling
    /// (numpy keeps float32 arrays in float32 through `log`) and scipy's code path.
    public enum ValueStorage: Sendable, Equatable {
        case float32
        /// float64; FITS data read as-is are big-endian, which keeps scipy off its 2-D fast path.
        case float64(nativeByteOrder: Bool)
    }

    public let pointsScale: [InterpolationScale]
    public let valuesScale: InterpolationScale
    public let method: Method
    /// nil: extrapolate; otherwise the (scaled-space) value outside the grid.
    public let fillValue: Double?
    /// Number of grid dimensions, the single-point ones included.
    public let dimensionCount: Int

    /// Original dimensions that take part (more than one grid point).
    let included: [Int]
    /// Scaled grid of each included dimension, ascending.
    let grids: [[Double]]
    /// Scaled values over the included dimensions (flipped where a grid was descending).
    let values: [Double]
    let strides: [Int]
    let fastPath2D: Bool
    /// Scaled first grid point of every dimension (used when all dimensions have one point).
    let singlePoints: [Double]

    /// - Parameters:
    ///   - points: grid coordinates of each dimension (strictly monotonic where longer than 1).
    ///   - values: C-order values, shape `points.map(\.count)`.
    ///   - storage: precision and byte order the values had (float32 values must be exactly
    ///     representable as `Float`).
    public init(points: [[Double]], values: [Double], storage: ValueStorage = .float64(nativeByteOrder: true),
                pointsScale: [InterpolationScale]? = nil, valuesScale: InterpolationScale = .lin,
                method: Method = .linear, fillValue: Double? = nil) throws {
        let shape = points.map(\.count)
        guard shape.reduce(1, *) == values.count else {
            throw InterpolationError("\(values.count) values do not fill the grid shape \(shape)")
        }
        let pointsScale = pointsScale ?? Array(repeating: .lin, count: points.count)
        guard pointsScale.count == points.count else {
            throw InterpolationError("\(pointsScale.count) point scales for \(points.count) dimensions")
        }
        self.pointsScale = pointsScale
        self.valuesScale = valuesScale
        self.method = method
        self.fillValue = fillValue
        self.dimensionCount = points.count
        self.singlePoints = points.indices.map { d in points[d].first.map { pointsScale[d].scale($0) } ?? .nan }

        var included = points.indices.filter { points[$0].count > 1 }
        if included.isEmpty {
            guard method == .nearest else {
                throw InterpolationError("interpolating a single value requires method nearest")
            }
            // scipy keeps every (single-point) dimension then
            included = []
        }
        self.included = included

        var grids: [[Double]] = []
        var flips: [Bool] = []
        for d in included {
            let g = points[d].map { pointsScale[d].scale($0) }
            var ascending = true, descending = true
            for i in 1..<g.count {
                if !(g[i] > g[i - 1]) { ascending = false }
                if !(g[i] < g[i - 1]) { descending = false }
            }
            guard ascending || descending else {
                throw InterpolationError("the points of dimension \(d) must be strictly ascending or descending")
            }
            grids.append(descending ? g.reversed() : g)
            flips.append(descending)
        }
        self.grids = grids

        // Scale the values in the precision they were stored in.
        var scaled = [Double](repeating: 0, count: values.count)
        let scaledStorage: ValueStorage
        switch (storage, valuesScale) {
        case (_, .lin):
            scaled = values
            scaledStorage = storage
        case (.float32, _):
            for i in values.indices { scaled[i] = Double(valuesScale.scale(Float(values[i]))) }
            scaledStorage = .float32
        case (.float64, _):
            for i in values.indices { scaled[i] = valuesScale.scale(values[i]) }
            scaledStorage = .float64(nativeByteOrder: true)
        }

        // Keep only included dimensions (the others have length 1) and flip descending ones.
        let inShape = included.map { shape[$0] }
        var strides = [Int](repeating: 1, count: inShape.count)
        if inShape.count > 1 {
            for k in stride(from: inShape.count - 2, through: 0, by: -1) { strides[k] = strides[k + 1] * inShape[k + 1] }
        }
        if flips.contains(true) {
            var flippedValues = scaled
            let n = scaled.count
            var idx = [Int](repeating: 0, count: inShape.count)
            for flat in 0..<n {
                var source = 0
                for k in inShape.indices {
                    let i = flips[k] ? inShape[k] - 1 - idx[k] : idx[k]
                    source += i * strides[k]
                }
                flippedValues[flat] = scaled[source]
                var k = inShape.count - 1
                while k >= 0 { idx[k] += 1; if idx[k] < inShape[k] { break }; idx[k] = 0; k -= 1 }
            }
            scaled = flippedValues
        }
        self.values = scaled
        self.strides = strides
        self.fastPath2D = included.count == 2 && scaledStorage == .float64(nativeByteOrder: true)
    }

    /// Float32 values (FITS `E` columns): scaled in single precision as numpy does.
    public init(points: [[Double]], values: [Float], pointsScale: [InterpolationScale]? = nil,
                valuesScale: InterpolationScale = .lin, method: Method = .linear, fillValue: Double? = nil) throws {
        try self.init(points: points, values: values.map(Double.init), storage: .float32, pointsScale: pointsScale,
                      valuesScale: valuesScale, method: method, fillValue: fillValue)
    }

    /// Interpolates at the broadcast of `coordinates` (one array per dimension, in grid order,
    /// single-point dimensions included). The result has the broadcast shape.
    public func callAsFunction(_ coordinates: [ShapedArray], method: Method? = nil, clip: Bool = true) throws -> ShapedArray {
        guard coordinates.count == dimensionCount else {
            throw InterpolationError("\(coordinates.count) coordinate arrays for \(dimensionCount) dimensions")
        }
        guard let shape = ShapedArray.broadcastShape(coordinates.map(\.shape)) else {
            throw InterpolationError("coordinate shapes \(coordinates.map(\.shape)) do not broadcast")
        }
        let method = method ?? self.method
        if included.isEmpty && method != .nearest {
            throw InterpolationError("interpolating a single value requires method nearest")
        }
        let count = shape.reduce(1, *)
        var out = [Double](repeating: 0, count: count)
        if count == 0 { return ShapedArray(out, shape: shape) }

        // Per included dimension and coordinate element: cell index (-1 for NaN), fraction,
        // outside flag; stored flat, dimension after dimension.
        let n = included.count
        let inputs = included.isEmpty ? coordinates : included.map { coordinates[$0] }
        var offsets = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { offsets[k + 1] = offsets[k] + inputs[k].count }
        var cells = [Int](repeating: 0, count: offsets[n])
        var fractions = [Double](repeating: 0, count: offsets[n])
        var outside = [Bool](repeating: false, count: offsets[n])
        for (k, d) in included.enumerated() {
            locate(coordinates[d].values, grid: grids[k], scale: pointsScale[d], offset: offsets[k],
                   cells: &cells, fractions: &fractions, outside: &outside)
        }
        // With no included dimension, scipy still checks the single points for bounds.
        var singleOutside: [[Bool]] = []
        if included.isEmpty, fillValue != nil {
            for d in 0..<dimensionCount {
                let g = singlePoints[d]
                singleOutside.append(coordinates[d].values.map { let x = pointsScale[d].scale($0); return x < g || x > g })
            }
        }

        let fill = fillValue
        let fastPath = fastPath2D && method == .linear
        let s = strides
        values.withUnsafeBufferPointer { v in
        cells.withUnsafeBufferPointer { cellBuffer in
        fractions.withUnsafeBufferPointer { fractionBuffer in
        outside.withUnsafeBufferPointer { outsideBuffer in
        out.withUnsafeMutableBufferPointer { o in
            let c = (0..<n).map { cellBuffer.baseAddress! + offsets[$0] }
            let f = (0..<n).map { fractionBuffer.baseAddress! + offsets[$0] }
            let q = (0..<n).map { outsideBuffer.baseAddress! + offsets[$0] }
            forEachBroadcastRun(shape: shape, inputs: inputs) { start, length, bases, steps in
                if n == 0 {
                    for j in 0..<length {
                        var result = v[0]
                        if let fill {
                            for d in 0..<dimensionCount where singleOutside[d][bases[d] + j * steps[d]] { result = fill }
                        }
                        o[start + j] = result
                    }
                } else if method == .nearest {
                    for j in 0..<length {
                        var flat = 0, isNaN = false, isOutside = false
                        for k in 0..<n {
                            let e = bases[k] + j * steps[k]
                            let i = c[k][e]
                            if i < 0 { isNaN = true }
                            if q[k][e] { isOutside = true }
                            flat += (f[k][e] <= 0.5 ? i : i + 1) * s[k]
                        }
                        o[start + j] = isNaN ? .nan : (isOutside && fill != nil ? fill! : v[flat])
                    }
                } else if n == 1 {
                    let c0 = c[0], f0 = f[0], q0 = q[0], b0 = bases[0], t0 = steps[0]
                    for j in 0..<length {
                        let e0 = b0 + j * t0
                        let i0 = c0[e0]
                        if i0 < 0 { o[start + j] = .nan; continue }
                        let y0 = f0[e0]
                        var r = (0 + v[i0] * (1 - y0)) + v[i0 + 1] * y0
                        if let fill, q0[e0] { r = fill }
                        o[start + j] = r
                    }
                } else if n == 2 {
                    let c0 = c[0], f0 = f[0], q0 = q[0], b0 = bases[0], t0 = steps[0]
                    let c1 = c[1], f1 = f[1], q1 = q[1], b1 = bases[1], t1 = steps[1]
                    let s0 = s[0]
                    for j in 0..<length {
                        let e0 = b0 + j * t0, e1 = b1 + j * t1
                        let i0 = c0[e0], i1 = c1[e1]
                        if i0 < 0 || i1 < 0 { o[start + j] = .nan; continue }
                        let y0 = f0[e0], y1 = f1[e1]
                        let p = i0 * s0 + i1
                        var r: Double
                        if fastPath {
                            // scipy's compiled 2-D path: ((v·(1−y₀))·(1−y₁)) + …
                            let a = v[p] * (1 - y0) * (1 - y1)
                            let b = v[p + 1] * (1 - y0) * y1
                            let cc = v[p + s0] * y0 * (1 - y1)
                            let d = v[p + s0 + 1] * y0 * y1
                            r = ((a + b) + cc) + d
                        } else {
                            // scipy's general path: value × (w₀ × w₁), corners in order, from 0
                            let a = v[p] * ((1 - y0) * (1 - y1))
                            let b = v[p + 1] * ((1 - y0) * y1)
                            let cc = v[p + s0] * (y0 * (1 - y1))
                            let d = v[p + s0 + 1] * (y0 * y1)
                            r = (((0 + a) + b) + cc) + d
                        }
                        if let fill, q0[e0] || q1[e1] { r = fill }
                        o[start + j] = r
                    }
                } else if n == 3 {
                    let c0 = c[0], f0 = f[0], q0 = q[0], b0 = bases[0], t0 = steps[0]
                    let c1 = c[1], f1 = f[1], q1 = q[1], b1 = bases[1], t1 = steps[1]
                    let c2 = c[2], f2 = f[2], q2 = q[2], b2 = bases[2], t2 = steps[2]
                    let s0 = s[0], s1 = s[1]
                    for j in 0..<length {
                        let e0 = b0 + j * t0, e1 = b1 + j * t1, e2 = b2 + j * t2
                        let i0 = c0[e0], i1 = c1[e1], i2 = c2[e2]
                        if i0 < 0 || i1 < 0 || i2 < 0 { o[start + j] = .nan; continue }
                        let y0 = f0[e0], y1 = f1[e1], y2 = f2[e2]
                        let u0 = 1 - y0, u1 = 1 - y1, u2 = 1 - y2
                        let p = i0 * s0 + i1 * s1 + i2
                        var r = 0.0
                        r = r + v[p] * ((u0 * u1) * u2)
                        r = r + v[p + 1] * ((u0 * u1) * y2)
                        r = r + v[p + s1] * ((u0 * y1) * u2)
                        r = r + v[p + s1 + 1] * ((u0 * y1) * y2)
                        r = r + v[p + s0] * ((y0 * u1) * u2)
                        r = r + v[p + s0 + 1] * ((y0 * u1) * y2)
                        r = r + v[p + s0 + s1] * ((y0 * y1) * u2)
                        r = r + v[p + s0 + s1 + 1] * ((y0 * y1) * y2)
                        if let fill, q0[e0] || q1[e1] || q2[e2] { r = fill }
                        o[start + j] = r
                    }
                } else {
                    for j in 0..<length {
                        var isNaN = false, isOutside = false
                        for k in 0..<n {
                            let e = bases[k] + j * steps[k]
                            if c[k][e] < 0 { isNaN = true }
                            if q[k][e] { isOutside = true }
                        }
                        if isNaN { o[start + j] = .nan; continue }
                        var result = 0.0
                        for corner in 0..<(1 << n) {
                            var weight = 1.0
                            var flat = 0
                            for k in 0..<n {
                                let e = bases[k] + j * steps[k]
                                let upper = (corner >> (n - 1 - k)) & 1 == 1
                                weight = weight * (upper ? f[k][e] : 1 - f[k][e])
                                flat += (upper ? c[k][e] + 1 : c[k][e]) * s[k]
                            }
                            result = result + v[flat] * weight
                        }
                        if let fill, isOutside { result = fill }
                        o[start + j] = result
                    }
                }
            }
        }
        }
        }
        }
        }
        for i in 0..<count {
            var r = valuesScale.inverse(out[i])
            if clip && r < 0 { r = 0 }
            out[i] = r
        }
        return ShapedArray(out, shape: shape)
    }

    /// Scipy's `find_indices`: the cell `i` with `g[i] <= x < g[i+1]` (clamped to the first or
    /// last cell outside, the last cell for `x == g[last]`, -1 for NaN) and the fraction
    /// `(x - g[i]) / (g[i+1] - g[i])`, written from `offset` on.
    private func locate(_ coords: [Double], grid: [Double], scale: InterpolationScale, offset: Int,
                        cells: inout [Int], fractions: inout [Double], outside: inout [Bool]) {
        let m = grid.count
        grid.withUnsafeBufferPointer { g in
            let first = g[0], last = g[m - 1]
            for (e, c) in coords.enumerated() {
                let x = scale.scale(c)
                var i: Int
                if x.isNaN {
                    cells[offset + e] = -1
                    fractions[offset + e] = .nan
                    continue
                } else if x < first {
                    i = 0
                    outside[offset + e] = true
                } else if x > last {
                    i = m - 2
                    outside[offset + e] = true
                } else if x == last {
                    i = m - 2
                } else {
                    i = NumpyCompat.searchSortedRight(g, x) - 1
                    if i > m - 2 { i = m - 2 }
                }
                cells[offset + e] = i
                fractions[offset + e] = (x - g[i]) / (g[i + 1] - g[i])
            }
        }
    }
}
