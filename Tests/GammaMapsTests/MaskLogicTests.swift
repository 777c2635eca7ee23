import Testing
@testable import GammaMaps

/// The byte-wise mask operations against Swift's `&&`, `||` and `!=` on every pair of values,
/// and the positive-finite test on the doubles at its edges.
struct MaskLogicTests {
    // all four pairs, repeated past a vector register's width, with an odd tail
    static let a: [Bool] = (0..<67).map { $0 % 2 == 0 }
    static let b: [Bool] = (0..<67).map { ($0 / 2) % 2 == 0 }

    @Test func combineMatchesTheOperators() {
        #expect(MaskLogic.combine(Self.a, Self.b, .and) == zip(Self.a, Self.b).map { $0 && $1 })
        #expect(MaskLogic.combine(Self.a, Self.b, .or) == zip(Self.a, Self.b).map { $0 || $1 })
        #expect(MaskLogic.combine(Self.a, Self.b, .xor) == zip(Self.a, Self.b).map { $0 != $1 })
        #expect(MaskLogic.combine(Self.a, Array(Self.b.prefix(5)), .and).count == 5)
    }

    @Test func formAndKeepsOnlyBothTrue() {
        var mask = Self.a
        MaskLogic.formAnd(&mask, Self.b)
        #expect(mask == zip(Self.a, Self.b).map { $0 && $1 })
        #expect(mask.filter { $0 }.count == 17)
    }

    @Test func positiveFiniteAtTheEdges() {
        let values: [Double] = [0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, .greatestFiniteMagnitude,
                                .infinity, -.infinity, .nan, -.nan, -1, -.leastNonzeroMagnitude, 3.5]
        let expected = [false, false, true, true, true, true, false, false, false, false, false, false, true]
        var mask = [Bool](repeating: true, count: values.count)
        MaskLogic.formAndPositiveFinite(&mask, values)
        #expect(mask == expected)
        #expect(mask == values.map { $0 > 0 && $0 < .infinity })
        // a false entry stays false whatever the value
        var cleared = [Bool](repeating: false, count: values.count)
        MaskLogic.formAndPositiveFinite(&cleared, values)
        #expect(!cleared.contains(true))
    }

    /// The eight-at-a-time path and the tail on a long mixture of edge values and mask bits.
    @Test func positiveFiniteOnLongArrays() {
        let edges: [Double] = [0, -0.0, .leastNonzeroMagnitude, 1, .greatestFiniteMagnitude, .infinity, -.infinity, .nan, -1, 2.5e-320]
        let values = (0..<1003).map { edges[($0 * 7 + $0 / 13) % edges.count] }
        let start = (0..<1003).map { $0 % 5 != 0 }
        var mask = start
        MaskLogic.formAndPositiveFinite(&mask, values)
        #expect(mask == zip(start, values).map { $0 && $1 > 0 && $1 < .infinity })
    }
}
