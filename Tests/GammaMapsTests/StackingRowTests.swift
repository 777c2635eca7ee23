import Testing
@testable import GammaMaps

/// `StackingRow.add`: each combination of options gives numpy's values (float32 casts, NaN and
/// ±∞ to 0, weights multiplying by 0 or 1, a unit factor applied first).
struct StackingRowTests {
    /// Runs one row and returns the target.
    func add(_ target: [Double], _ source: [Double], weights: [Bool]?, factor: Double = 1, otherFloat32: Bool = false,
             float32: Bool, nanToNum: Bool) -> [Double] {
        var out = target
        out.withUnsafeMutableBufferPointer { t in
            source.withUnsafeBufferPointer { s in
                if let weights {
                    weights.withUnsafeBufferPointer { w in
                        StackingRow.add(t.baseAddress!, s.baseAddress!, w.baseAddress!, count: t.count, factor: factor,
                                        otherFloat32: otherFloat32, float32: float32, nanToNum: nanToNum)
                    }
                } else {
                    StackingRow.add(t.baseAddress!, s.baseAddress!, nil, count: t.count, factor: factor,
                                    otherFloat32: otherFloat32, float32: float32, nanToNum: nanToNum)
                }
            }
        }
        return out
    }

    let target: [Double] = [1, 2, 3, 4, 5]
    let source: [Double] = [0.1, .nan, .infinity, 1e-3, 2]
    let weights = [true, true, true, false, true]

    @Test func float64WithNanToNumAndWeights() {
        #expect(add(target, source, weights: weights, float32: false, nanToNum: true) == [1.1, 2, 3, 4, 7])
        #expect(add(target, source, weights: nil, float32: false, nanToNum: true) == [1.1, 2, 3, 4 + 1e-3, 7])
    }

    @Test func float32RoundsTheValueAndTheSum() {
        let out = add(target, source, weights: weights, float32: true, nanToNum: true)
        #expect(out == [Double(Float(1 + Double(Float(0.1)))), 2, 3, 4, 7])
        #expect(out[0] != 1.1)
        let unweighted = add(target, source, weights: nil, float32: true, nanToNum: true)
        #expect(unweighted[3] == Double(Float(4 + Double(Float(1e-3)))))
    }

    @Test func withoutNanToNumNonFiniteValuesPropagateEvenWhenWeightedOut() {
        let out = add(target, source, weights: [true, false, false, true, true], float32: false, nanToNum: false)
        #expect(out[0] == 1.1 && out[1].isNaN && out[2].isNaN && out[3] == 4 + 1e-3 && out[4] == 7)  // NaN·0, ∞·0 are NaN
        let kept = add(target, source, weights: nil, float32: true, nanToNum: false)
        #expect(kept[1].isNaN && kept[2] == .infinity)
    }

    @Test func unitFactorIsAppliedInTheOtherPrecisionFirst() {
        // 1e-3 TeV in GeV: 1, and 0.1 · 1000 = 100.00000000000001 in float64, 100 in float32
        let out = add([0, 0], [0.1, 1e-3], weights: nil, factor: 1000, otherFloat32: false, float32: false, nanToNum: true)
        #expect(out == [0.1 * 1000, 1e-3 * 1000])
        let cast = add([0, 0], [0.1, 1e-3], weights: [false, true], factor: 1000, otherFloat32: true, float32: true, nanToNum: true)
        #expect(cast == [0, Double(Float(1e-3 * 1000))])
    }
}
