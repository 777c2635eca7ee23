import GammaMaps
import Testing

@Suite struct NumpyCompatTests {
    @Test func pairwiseSumMatchesNumpy() {
        // np.sum of these 1000 values (x_k = 1/(k+1) + 1e-3 k) is 506.9854708605503 (numpy 2.5);
        // a running sum gives 506.9854708605504
        let values: [Double] = (0..<1000).map { (k: Int) -> Double in
            let x = Double(k)
            return 1 / (x + 1) + 1e-3 * x
        }
        #expect(NumpyCompat.sum(values) == 506.9854708605503)
        #expect(NumpyCompat.sum([Double]()) == 0)
        #expect(NumpyCompat.sum([1.0, 2, 3]) == 6)
    }

    /// The vector path for contiguous doubles and floats gives the eight accumulators' sums of
    /// the strided (scalar) path bit for bit, for every block length and past one block.
    @Test func contiguousBlocksSumAsTheScalarAccumulators() {
        let values: [Double] = (0..<300).map { (k: Int) -> Double in 1 / Double(k + 3) + Double(k % 7) * 1e-3 }
        let interleaved = values.flatMap { [$0, 1e9] }  // every other value ignored at stride 2
        for n in [1, 7, 8, 9, 15, 16, 17, 63, 64, 100, 127, 128, 129, 255, 300] {
            let contiguous = values.withUnsafeBufferPointer { NumpyCompat.pairwiseSum($0.baseAddress, count: n, stride: 1) }
            let strided = interleaved.withUnsafeBufferPointer { NumpyCompat.pairwiseSum($0.baseAddress, count: n, stride: 2) }
            #expect(contiguous.bitPattern == strided.bitPattern, "\(n) doubles")
            let floats = values.map { Float($0) }, interleavedFloats = interleaved.map { Float($0) }
            let c = floats.withUnsafeBufferPointer { NumpyCompat.pairwiseSum($0.baseAddress, count: n, stride: 1) }
            let s = interleavedFloats.withUnsafeBufferPointer { NumpyCompat.pairwiseSum($0.baseAddress, count: n, stride: 2) }
            #expect(c.bitPattern == s.bitPattern, "\(n) floats")
        }
    }
}
