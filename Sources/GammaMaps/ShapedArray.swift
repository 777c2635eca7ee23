/// Numbers with a shape, in C order (last axis fastest), combined by numpy's broadcasting rules:
/// shapes are aligned on their last axis and axes of length 1 stretch.
///
/// This is how coordinates are handed to interpolators and IRFs in batches: an energy array of
/// shape `[n, 1]` and an offset array of shape `[m]` evaluate on the `n × m` grid; two arrays of
/// shape `[k]` evaluate at `k` points.
public struct ShapedArray: Sendable, Equatable {
    public var values: [Double]
    public var shape: [Int]

    /// A 1-D array, or values with an explicit shape (its product must equal `values.count`).
    public init(_ values: [Double], shape: [Int]? = nil) {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count,
                     "ShapedArray: \(values.count) values do not fill shape \(shape)")
        self.values = values
        self.shape = shape
    }

    /// A 0-dimensional array holding one number.
    public init(scalar: Double) {
        values = [scalar]
        shape = []
    }

    public var count: Int { values.count }

    /// The same values with another shape of the same size.
    public func reshaped(_ shape: [Int]) -> ShapedArray { ShapedArray(values, shape: shape) }

    /// The broadcast shape of several shapes, or nil when they are incompatible.
    public static func broadcastShape(_ shapes: [[Int]]) -> [Int]? {
        let ndim = shapes.map(\.count).max() ?? 0
        var out = [Int](repeating: 1, count: ndim)
        for shape in shapes {
            let pad = ndim - shape.count
            for (i, n) in shape.enumerated() {
                let j = i + pad
                if out[j] == 1 { out[j] = n } else if n != 1 && n != out[j] { return nil }
            }
        }
        return out
    }

    /// Element strides of this array seen through a broadcast to `target` (0 on stretched axes).
    public func broadcastStrides(to target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        let pad = target.count - shape.count
        for i in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i + pad] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }
}

extension ShapedArray: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(floatLiteral value: Double) { self.init(scalar: value) }
    public init(integerLiteral value: Int) { self.init(scalar: Double(value)) }
    public init(arrayLiteral elements: Double...) { self.init(elements) }
}

/// Walks the elements of a broadcast result in C order, keeping for every input the flat index
/// of the element that lands there. Shared by the interpolators' hot loops.
public struct BroadcastWalker {
    public let shape: [Int]
    let strides: [[Int]]  // per input, per output axis
    /// For each input, the flat index of its element at the current output position.
    public private(set) var offsets: [Int]
    private var counter: [Int]

    public init(shape: [Int], inputs: [ShapedArray]) {
        self.shape = shape
        strides = inputs.map { $0.broadcastStrides(to: shape) }
        offsets = [Int](repeating: 0, count: inputs.count)
        counter = [Int](repeating: 0, count: shape.count)
    }

    /// Moves to the next output element (C order).
    @inline(__always)
    public mutating func advance() {
        var axis = shape.count - 1
        while axis >= 0 {
            counter[axis] += 1
            for k in offsets.indices { offsets[k] += strides[k][axis] }
            if counter[axis] < shape[axis] { return }
            for k in offsets.indices { offsets[k] -= strides[k][axis] * shape[axis] }
            counter[axis] = 0
            axis -= 1
        }
    }
}

/// Iterates over the broadcast of `inputs` to `shape` in runs along the innermost axis (after
/// merging axes that every input traverses contiguously, as numpy's iterator does): for each
/// run, `body(start, length, bases, steps)` gets the run's first flat output index, its length,
/// each input's flat index at the start of the run and each input's step along it.
public func forEachBroadcastRun(shape: [Int], inputs: [ShapedArray],
                                _ body: (_ start: Int, _ length: Int, _ bases: UnsafeBufferPointer<Int>,
                                         _ steps: UnsafeBufferPointer<Int>) -> Void) {
    let count = shape.reduce(1, *)
    guard count > 0 else { return }
    let m = inputs.count
    let fullStrides = inputs.map { $0.broadcastStrides(to: shape) }
    // Coalesce axes from the innermost outwards.
    var dims: [Int] = []
    var strides: [[Int]] = Array(repeating: [], count: m)
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
        if let lastDim = dims.last,
           (0..<m).allSatisfy({ fullStrides[$0][axis] == strides[$0].last! * lastDim }) {
            dims[dims.count - 1] *= shape[axis]
        } else {
            dims.append(shape[axis])
            for k in 0..<m { strides[k].append(fullStrides[k][axis]) }
        }
    }
    // dims and strides are innermost first now
    if dims.isEmpty { dims = [1]; for k in 0..<m { strides[k] = [0] } }
    let inner = dims[0]
    var steps = (0..<m).map { strides[$0][0] }
    var bases = [Int](repeating: 0, count: m)
    var counter = [Int](repeating: 0, count: dims.count)
    var start = 0
    steps.withUnsafeMutableBufferPointer { stepsBuffer in
        let stepsPointer = UnsafeBufferPointer(stepsBuffer)
        while start < count {
            bases.withUnsafeBufferPointer { body(start, inner, $0, stepsPointer) }
            start += inner
            var level = 1
            while level < dims.count {
                counter[level] += 1
                for k in 0..<m { bases[k] += strides[k][level] }
                if counter[level] < dims[level] { break }
                for k in 0..<m { bases[k] -= strides[k][level] * dims[level] }
                counter[level] = 0
                level += 1
            }
        }
    }
}
