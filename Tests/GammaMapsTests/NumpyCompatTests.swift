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
}
