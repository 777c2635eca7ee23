import Foundation

/// Array helpers that reproduce numpy's arithmetic operation by operation, so that axes and
/// sums built here carry the same bits as Gammapy's.
///
/// numpy's portable kernels call the C library (`log10`, `pow`, `exp`, `log`); so does Swift on
/// Linux, so the results agree bit for bit with numpy wherever numpy does not dispatch to its
/// own AVX2/AVX-512 kernels (those differ from the C library in the last bit for a few per cent
/// of arguments; see `scripts/reference/mapaxis_reference.py`).
public enum NumpyCompat {
    /// numpy's `nan_to_num`: NaN → 0, ±∞ → ± the largest finite double.
    @inlinable @inline(__always)
    public static func nanToNum(_ v: Double) -> Double {
        let g = Double.greatestFiniteMagnitude
        let c = v > g ? g : (v < -g ? -g : v)
        return c != c ? 0 : c
    }

    /// `np.linspace(start, stop, num, endpoint)`: `start + i * step`, the last value set to
    /// `stop` exactly when `endpoint` is true.
    public static func linspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool = true) -> [Double] {
        guard num > 0 else { return [] }
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        var y = [Double](repeating: 0, count: num)
        if div > 0 {
            let step = delta / Double(div)
            if step == 0 {
                // numpy's path for steps that underflow: divide first, then scale
                for i in 0..<num { y[i] = (Double(i) / Double(div)) * delta }
            } else {
                for i in 0..<num { y[i] = Double(i) * step }
            }
        } else {
            for i in 0..<num { y[i] = Double(i) * delta }
        }
        for i in 0..<num { y[i] += start }
        if endpoint && num > 1 { y[num - 1] = stop }
        return y
    }

    /// `np.geomspace(start, stop, num)`: `10 ** linspace(log10(start), log10(stop), num)` with the
    /// end points set to `start` and `stop` exactly. Both bounds must have the same sign and be
    /// non-zero.
    public static func geomspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool = true) -> [Double] {
        guard num > 0 else { return [] }
        let sign: Double = start < 0 ? -1 : 1
        let s = start / sign, e = stop / sign
        let exponents = linspace(Foundation.log10(s), Foundation.log10(e), num, endpoint: endpoint)
        var result = exponents.map { Foundation.pow(10.0, $0) }
        result[0] = s
        if num > 1 && endpoint { result[num - 1] = e }
        if sign != 1 { for i in result.indices { result[i] *= sign } }
        return result
    }

    /// numpy's pairwise summation of a contiguous run (what `np.sum` does along a contiguous
    /// axis; along a strided outer axis numpy adds sequentially instead): blocks of up to 128
    /// values are summed with eight interleaved accumulators, longer runs are split in halves on
    /// multiples of eight. Every addition is in `T`: float32 data are summed in float32, as
    /// numpy reduces them.
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    public static func pairwiseSum<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>) -> T {
        pairwiseSum(values.baseAddress, count: values.count, stride: 1)
    }

    /// Pairwise sum of `count` values spaced `stride` apart.
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    public static func pairwiseSum<T: BinaryFloatingPoint>(_ base: UnsafePointer<T>?, count n: Int, stride: Int) -> T {
        guard let a = base, n > 0 else { return n == 0 ? 0 : .nan }
        if n < 8 {
            var res: T = 0
            for i in 0..<n { res += a[i * stride] }
            return res
        } else if n <= 128 {
            // contiguous doubles and floats: the eight accumulators as the lanes of one vector
            if stride == 1, T.self == Double.self {
                return UnsafeRawPointer(a).withMemoryRebound(to: Double.self, capacity: n) { pairwiseBlock($0, n) } as! T
            }
            if stride == 1, T.self == Float.self {
                return UnsafeRawPointer(a).withMemoryRebound(to: Float.self, capacity: n) { pairwiseBlock($0, n) } as! T
            }
            var r0 = a[0], r1 = a[stride], r2 = a[2 * stride], r3 = a[3 * stride]
            var r4 = a[4 * stride], r5 = a[5 * stride], r6 = a[6 * stride], r7 = a[7 * stride]
            var i = 8
            while i < n - (n % 8) {
                r0 += a[(i + 0) * stride]; r1 += a[(i + 1) * stride]
                r2 += a[(i + 2) * stride]; r3 += a[(i + 3) * stride]
                r4 += a[(i + 4) * stride]; r5 += a[(i + 5) * stride]
                r6 += a[(i + 6) * stride]; r7 += a[(i + 7) * stride]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { res += a[i * stride]; i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwiseSum(a, count: n2, stride: stride) + pairwiseSum(a + n2 * stride, count: n - n2, stride: stride)
        }
    }

    /// One block of 8 to 128 contiguous values as numpy sums it, accumulator k in lane k: lane by
    /// lane the same additions in the same order, so the same sum to the bit.
    @inline(__always)
    static func pairwiseBlock<T: BinaryFloatingPoint & SIMDScalar>(_ a: UnsafePointer<T>, _ n: Int) -> T {
        let raw = UnsafeRawPointer(a)
        var r = raw.loadUnaligned(as: SIMD8<T>.self)
        var i = 8
        while i < n - (n % 8) {
            r += raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.stride, as: SIMD8<T>.self)
            i += 8
        }
        var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n { res += a[i]; i += 1 }
        return res
    }

    /// `np.sum` of an array (pairwise, as numpy sums a contiguous 1-D array), in its own precision.
    @_specialize(exported: true, where T == Double)
    @_specialize(exported: true, where T == Float)
    public static func sum<T: BinaryFloatingPoint>(_ values: [T]) -> T {
        values.withUnsafeBufferPointer { pairwiseSum($0) }
    }

    /// `np.searchsorted(sorted, x, side="left")`: the first index whose value is not less than
    /// `x` (NaN sorts last).
    @inlinable
    public static func searchSortedLeft(_ sorted: UnsafeBufferPointer<Double>, _ x: Double) -> Int {
        var lo = 0, hi = sorted.count
        if x.isNaN {
            // numpy orders NaN after every number: the first NaN in the array, or the end
            while lo < hi {
                let mid = (lo + hi) >> 1
                if sorted[mid].isNaN { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `np.searchsorted(sorted, x, side="right")`: the first index whose value is greater than `x`.
    @inlinable
    public static func searchSortedRight(_ sorted: UnsafeBufferPointer<Double>, _ x: Double) -> Int {
        var lo = 0, hi = sorted.count
        if x.isNaN {
            while lo < hi {
                let mid = (lo + hi) >> 1
                if sorted[mid].isNaN { hi = mid } else { lo = mid + 1 }
            }
            return sorted.count
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }  // NaN elements sort last
        }
        return lo
    }
}
