import GammaMaps
import Testing

/// The streamed pairwise sum hands its values out one by one; it must add them exactly as the
/// pairwise sum of the gathered array does (numpy's order), at every size of block and split.
@Suite struct PairwiseSumStreamTests {
    struct Selection: PairwiseSumSource {
        let values: [Double]
        let keep: [Bool]
        var index = 0
        mutating func next() -> Double {
            while !keep[index] { index += 1 }
            defer { index += 1 }
            return values[index]
        }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 127, 128, 129, 1000, 4099, 100_003])
    func streamedSumIsTheSumOfTheGatheredValues(count: Int) {
        var generator = SplitMix64(seed: UInt64(count) + 1)
        // values of very different sizes, so that the order of the additions shows in the result
        let values = (0..<count).map { _ in Double(generator.next() % 1_000_000) * (generator.next() % 2 == 0 ? 1e-9 : 1e3) }
        let keep = (0..<count).map { _ in generator.next() % 3 != 0 }
        let gathered = zip(values, keep).filter(\.1).map(\.0)
        var selection = Selection(values: values, keep: keep)
        let streamed = NumpyCompat.pairwiseSum(count: gathered.count, of: &selection)
        let expected = gathered.withUnsafeBufferPointer { NumpyCompat.pairwiseSum($0) }
        #expect(streamed.bitPattern == expected.bitPattern)
        // and the order matters: a plain left-to-right sum differs for the larger selections
        if gathered.count > 1000 { #expect(gathered.reduce(0, +) != expected) }
    }

    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
