import GammaMaps

/// numpy's `sum` of a 1-D array as the summaries need it: pairwise in float64, or pairwise in
/// float32 for float32 arrays (every addition rounded to `Float`, as numpy reduces float32 data).
enum NumpySum {
    static func sum(_ values: [Double], float32: Bool) -> Double {
        float32 ? Double(NumpyCompat.sum(values.map { Float($0) })) : NumpyCompat.sum(values)
    }
}
