import Foundation
import Testing
@testable import GammaMaps

/// `LibmRoutines.exp` is libm's `exp` to the bit: on a dense sweep of the logs the background
/// integral takes, at the edges of the double range and on the special values.
struct LibmRoutinesTests {
    @Test func expIsFoundationsExpToTheBit() {
        let exp = LibmRoutines.exp
        var mismatches = 0
        // log(2.2e-308) ≈ −708 (a zero rate) up to log(1e30)
        for i in 0...200_000 {
            let x = -709.0 + Double(i) * (778.0 / 200_000) + Double(i % 7) * 1e-13
            if exp(x).bitPattern != Foundation.exp(x).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
        let special: [Double] = [0, -0.0, 1, -1, 709.78, 709.79, -745.13, -745.14, 1e-300, .infinity, -.infinity,
                                 .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
        for x in special { #expect(exp(x).bitPattern == Foundation.exp(x).bitPattern, "exp(\(x))") }
        #expect(exp(.nan).isNaN)
        #expect(exp(1) == M_E)
    }

    @Test func fromExponentialZeroesTheSubnormalEdge() {
        let tiny = Double.leastNormalMagnitude
        #expect(InterpolationScale.fromExponential(2 * tiny) == 0)
        #expect(InterpolationScale.fromExponential(2 * tiny.nextUp) == 2 * tiny.nextUp)
        #expect(InterpolationScale.fromExponential(0.5) == 0.5)
        #expect(InterpolationScale.log.inverse(InterpolationScale.log.scale(0)) == 0)
    }
}
