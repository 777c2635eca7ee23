/// An IRF's values, in single precision when that holds every one of them exactly (bit for
/// bit): DL3 tables are mostly float32, and a reduction of many runs holds many tables at once.
enum CompactValues: Sendable {
    case float32([Float])
    case float64([Double])

    init(_ values: [Double]) {
        let narrowed = values.map { Float($0) }
        let exact = zip(values, narrowed).allSatisfy { Double($0.1).bitPattern == $0.0.bitPattern }
        self = exact ? .float32(narrowed) : .float64(values)
    }

    /// The values in double precision: exactly the ones given.
    var doubles: [Double] {
        switch self {
        case .float32(let values): return values.map { Double($0) }
        case .float64(let values): return values
        }
    }
}
