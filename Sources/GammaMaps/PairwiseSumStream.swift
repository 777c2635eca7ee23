/// Values handed out one at a time, in order, for `NumpyCompat.pairwiseSum(count:of:)`: a
/// selection from a map (a mask, a NaN test) that numpy would first gather into an array.
public protocol PairwiseSumSource {
    associatedtype Element: AdditiveArithmetic
    /// The next value; called exactly as many times as the sum's `count`.
    mutating func next() -> Element
}

extension NumpyCompat {
    /// numpy's pairwise sum (`pairwiseSum(_:count:stride:)`) of the next `count` values of
    /// `source`, without storing them: the same blocks, the same eight accumulators, the same
    /// additions in the same order, so the same result. An `Element` may bundle several sums
    /// (each component is then added as its own sum would be).
    @inlinable
    public static func pairwiseSum<S: PairwiseSumSource>(count n: Int, of source: inout S) -> S.Element {
        if n < 8 {
            var res = S.Element.zero
            for _ in 0..<n { res += source.next() }
            return res
        } else if n <= 128 {
            var r0 = source.next(), r1 = source.next(), r2 = source.next(), r3 = source.next()
            var r4 = source.next(), r5 = source.next(), r6 = source.next(), r7 = source.next()
            var i = 8
            while i < n - (n % 8) {
                r0 += source.next(); r1 += source.next(); r2 += source.next(); r3 += source.next()
                r4 += source.next(); r5 += source.next(); r6 += source.next(); r7 += source.next()
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { res += source.next(); i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            let first = pairwiseSum(count: n2, of: &source)
            return first + pairwiseSum(count: n - n2, of: &source)
        }
    }
}
