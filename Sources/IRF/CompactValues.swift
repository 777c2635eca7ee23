/// An IRF's values, in single precision when that holds every one of them exactly (bit for
/// bit): DL3 tables are mostly float32, and a reduction of many runs holds many tables at once.
enum CompactValues: Sendable {
    case float32([Float])
    case float64([Double])

    init(_ values: [Double]) {
        // one pass, without a branch per value: the narrowed values and whether any differs
        var differs: UInt64 = 0
        let narrowed = [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { v in
                for i in 0..<v.count {
                    let f = Float(v[i])
                    out[i] = f
                    differs |= Double(f).bitPattern ^ v[i].bitPattern
                }
            }
            initialized = values.count
        }
        self = differs == 0 ? .float32(narrowed) : .float64(values)
    }

    var count: Int {
        switch self {
        case .float32(let values): return values.count
        case .float64(let values): return values.count
        }
    }

    /// The values in double precision: exactly the ones given.
    var doubles: [Double] {
        switch self {
        case .float32(let values):
            // a plain loop over the buffers vectorises; `map` converted one value at a time
            return [Double](unsafeUninitializedCapacity: values.count) { out, initialized in
                values.withUnsafeBufferPointer { v in
                    for i in 0..<v.count { out[i] = Double(v[i]) }
                }
                initialized = values.count
            }
        case .float64(let values): return values
        }
    }
}
