import GammaMaps

/// numpy's `sum` of a 1-D array as the summaries need it: pairwise in float64, or pairwise in
/// float32 for float32 arrays (every addition rounded to `Float`, as numpy reduces float32 data).
enum NumpySum {
    static func sum(_ values: [Double], float32: Bool) -> Double {
        if !float32 { return NumpyCompat.sum(values) }
        let floats = values.map { Float($0) }
        return Double(floats.withUnsafeBufferPointer { pairwise($0.baseAddress, $0.count) })
    }

    /// numpy's `pairwise_sum` for float32: blocks of up to 128 values with eight accumulators,
    /// longer runs split in halves on multiples of eight.
    static func pairwise(_ a: UnsafePointer<Float>?, _ n: Int) -> Float {
        guard let a, n > 0 else { return 0 }
        if n < 8 {
            var res: Float = 0
            for i in 0..<n { res += a[i] }
            return res
        } else if n <= 128 {
            var r = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
            var i = 8
            while i < n - (n % 8) {
                r.0 += a[i]; r.1 += a[i + 1]; r.2 += a[i + 2]; r.3 += a[i + 3]
                r.4 += a[i + 4]; r.5 += a[i + 5]; r.6 += a[i + 6]; r.7 += a[i + 7]
                i += 8
            }
            var res = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
            while i < n { res += a[i]; i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, n2) + pairwise(a + n2, n - n2)
        }
    }
}
