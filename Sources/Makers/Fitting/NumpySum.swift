/// numpy's summation of a contiguous array (`ndarray.sum()` of float64 or float32): pairwise in
/// blocks of at most 128 values, each block summed with eight interleaved accumulators, in the
/// array's own precision. Reproducing it makes sums such as the FoV maker's
/// `counts[mask].sum()` bit-identical to Gammapy's.
enum NumpySum {
    static func pairwise<T: BinaryFloatingPoint>(_ values: [T]) -> T {
        values.withUnsafeBufferPointer { pairwise($0.baseAddress, $0.count) }
    }

    static func pairwise<T: BinaryFloatingPoint>(_ a: UnsafePointer<T>?, _ n: Int) -> T {
        guard let a, n > 0 else { return 0 }
        if n < 8 {
            var res: T = 0
            for i in 0..<n { res += a[i] }
            return res
        } else if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            let end = n - n % 8
            while i < end {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { res += a[i]; i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, n2) + pairwise(a + n2, n - n2)
        }
    }
}
