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

        // Per included dimension and coordinate element: cell index, fraction, flags.
        let n = included.count
        var cells: [[Int]] = []
        var fractions: [[Double]] = []
        var outside: [[Bool]] = []
        for (k, d) in included.enumerated() {
            let (c, f, o) = locate(coordinates[d].values, grid: grids[k], scale: pointsScale[d])
            cells.append(c); fractions.append(f); outside.append(o)
        }
        // With no included dimension, scipy still checks the single points for bounds.
        var singleOutside: [[Bool]] = []
        if included.isEmpty, fillValue != nil {
            for d in 0..<dimensionCount {
                let g = singlePoints[d]
                singleOutside.append(coordinates[d].values.map { let x = pointsScale[d].scale($0); return x < g || x > g })
            }
        }

        let inputs = included.isEmpty ? coordinates : included.map { coordinates[$0] }
        var walker = BroadcastWalker(shape: shape, inputs: inputs)
        var ii = [Int](repeating: 0, count: n)
        var tt = [Double](repeating: 0, count: n)
        let fill = fillValue
        values.withUnsafeBufferPointer { v in
            for p in 0..<count {
                var isNaN = false
                var isOutside = false
                for k in 0..<n {
                    let e = walker.offsets[k]
                    ii[k] = cells[k][e]
                    tt[k] = fractions[k][e]
                    if ii[k] < 0 { isNaN = true }
                    if outside[k][e] { isOutside = true }
                }
                var result: Double
                if isNaN {
                    result = .nan
                } else if n == 0 {
                    result = v[0]
                    if fill != nil {
                        for d in 0..<dimensionCount where singleOutside[d][walker.offsets[d]] { isOutside = true }
                    }
                } else if method == .nearest {
                    var flat = 0
                    for k in 0..<n { flat += (tt[k] <= 0.5 ? ii[k] : ii[k] + 1) * strides[k] }
                    result = v[flat]
                } else if fastPath2D {
                    let i0 = ii[0], i1 = ii[1], y0 = tt[0], y1 = tt[1]
                    let s0 = strides[0]
                    let a = v[i0 * s0 + i1] * (1 - y0) * (1 - y1)
                    let b = v[i0 * s0 + i1 + 1] * (1 - y0) * y1
                    let c = v[(i0 + 1) * s0 + i1] * y0 * (1 - y1)
                    let d = v[(i0 + 1) * s0 + i1 + 1] * y0 * y1
                    result = ((a + b) + c) + d
                } else {
                    result = 0
                    let corners = 1 << n
                    for corner in 0..<corners {
                        var weight = 1.0
                        var flat = 0
                        for k in 0..<n {
                            let upper = (corner >> (n - 1 - k)) & 1 == 1
                            weight = weight * (upper ? tt[k] : 1 - tt[k])
                            flat += (upper ? ii[k] + 1 : ii[k]) * strides[k]
                        }
                        result = result + v[flat] * weight
                    }
                }
                if let fill, isOutside, !isNaN { result = fill }
                out[p] = result
                walker.advance()
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
    /// `(x - g[i]) / (g[i+1] - g[i])`.
    private func locate(_ coords: [Double], grid: [Double], scale: InterpolationScale) -> ([Int], [Double], [Bool]) {
        var cells = [Int](repeating: 0, count: coords.count)
        var fractions = [Double](repeating: 0, count: coords.count)
        var outside = [Bool](repeating: false, count: coords.count)
        let m = grid.count
        grid.withUnsafeBufferPointer { g in
            let first = g[0], last = g[m - 1]
            for (e, c) in coords.enumerated() {
                let x = scale.scale(c)
                var i: Int
                if x.isNaN {
                    cells[e] = -1
                    fractions[e] = .nan
                    continue
                } else if x < first {
                    i = 0
                    outside[e] = true
                } else if x > last {
                    i = m - 2
                    outside[e] = true
                } else if x == last {
                    i = m - 2
                } else {
                    i = NumpyCompat.searchSortedRight(g, x) - 1
                    if i > m - 2 { i = m - 2 }
                }
                cells[e] = i
                fractions[e] = (x - g[i]) / (g[i + 1] - g[i])
            }
        }
        return (cells, fractions, outside)
    }
}
