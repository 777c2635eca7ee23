import Testing
@testable import Makers

/// Symmetries made exact only where they hold, and values spread back from distinct offsets.
struct ImageSymmetryTests {
    /// Values symmetric under both mirrors and the diagonal of a 6×6 image, each perturbed by a
    /// few ulp so that no two are equal.
    static func nearlySymmetric(_ n: Int = 6) -> [Double] {
        (0..<(n * n)).map { p in
            let x = Double(p % n) - Double(n - 1) / 2, y = Double(p / n) - Double(n - 1) / 2
            let v = (x * x + y * y).squareRoot() + 1
            return v * (1 + Double(p % 7) * 1e-16)
        }
    }

    @Test func everySymmetryThatHoldsIsMadeExact() {
        let n = 6, values = Self.nearlySymmetric(n)
        let out = ImageSymmetry.symmetrised(values, nx: n, ny: n)
        for j in 0..<n {
            for i in 0..<n {
                let v = out[j * n + i]
                #expect(v == out[j * n + n - 1 - i] && v == out[(n - 1 - j) * n + i] && v == out[i * n + j])
                #expect(abs(v - values[j * n + i]) <= 1e-15 * v)
            }
        }
        // the value of each set is its first pixel's
        #expect(out[n * n - 1] == values[0])
        #expect(DistinctOffsets(out).values.count == 6)  // (0,0) (0,1) (0,2) (1,1) (1,2) (2,2)
    }

    @Test func aSymmetryThatDoesNotHoldIsNotImposed() {
        let n = 6
        // symmetric top-bottom, not left-right (a gradient along x), so not across the diagonal
        let values: [Double] = (0..<(n * n)).map { (p: Int) -> Double in Double(p % n) + abs(Double(p / n) - 2.5) }
        let out = ImageSymmetry.symmetrised(values, nx: n, ny: n)
        #expect(out == values)  // already exactly symmetric top-bottom
        var skewed = values
        skewed[0] += 1e-9  // beyond the tolerance: top-bottom does not hold either
        #expect(ImageSymmetry.symmetrised(skewed, nx: n, ny: n) == skewed)
        // NaN must meet NaN
        var holed = Self.nearlySymmetric(n)
        holed[0] = .nan
        #expect(ImageSymmetry.symmetrised(holed, nx: n, ny: n)[n * n - 1] == holed[n * n - 1])
        // a rectangular image: the mirrors, not the diagonal
        let wide: [Double] = (0..<12).map { (p: Int) -> Double in
            let x = abs(Double(p % 4) - 1.5), y = abs(Double(p / 4) - 1)
            return x * 10 + y
        }
        #expect(ImageSymmetry.symmetrised(wide, nx: 4, ny: 3) == wide)
    }

    @Test func distinctOffsetsSpreadBackToEveryPixel() {
        let offsets = [0.5, 0.25, 0.5, 1.0, 0.25, 0.5]
        let distinct = DistinctOffsets(offsets)
        #expect(distinct.values == [0.5, 0.25, 1.0])
        #expect(distinct.index == [0, 1, 0, 2, 1, 0])
        #expect(distinct.repeats)
        #expect(!DistinctOffsets([1, 2, 3]).repeats)
        // two planes of a function of the offset, computed on the distinct ones
        let compact = [0, 1].flatMap { plane in distinct.values.map { $0 * 10 + Double(plane) } }
        #expect(distinct.spread(compact, planes: 2) == [0, 1].flatMap { plane in offsets.map { $0 * 10 + Double(plane) } })
    }
}
