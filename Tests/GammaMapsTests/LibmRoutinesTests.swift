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

    /// The batch `exp` (four at a time where the CPU has AVX2 and FMA) against `exp` one by one:
    /// random values in the range of the background's logs and over the whole double range,
    /// random bit patterns (NaNs, subnormals, infinities), the boundaries of the vector path
    /// (2^-54 and 512), lengths that are not multiples of four, and in place.
    @Test func batchExpIsExpToTheBit() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        func uniform() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }
        var x: [Double] = []
        for _ in 0..<100_000 { x.append(-50 + 60 * uniform()) }
        for _ in 0..<50_000 { x.append(-760 + 1480 * uniform()) }
        for _ in 0..<50_000 { x.append(Double(bitPattern: next())) }
        for edge in [0x1p-54, 512, 709.782712893384, -708.3964185322641, -745.1332191019411] {
            var v = edge
            for _ in 0..<8 { x += [v, -v]; v = v.nextUp }
        }
        x += [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for count in [x.count, x.count - 1, x.count - 2, x.count - 3, 3, 1, 0] {
            var y = [Double](repeating: 0, count: count)
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { LibmRoutines.exp(x.baseAddress!, into: $0.baseAddress!, count: count) }
            }
            let mismatches = (0..<count).filter { k in
                let expected = Foundation.exp(x[k])
                return expected.isNaN ? !y[k].isNaN : expected.bitPattern != y[k].bitPattern
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) of \(count) differ, first at x = \(mismatches.first.map { x[$0] } ?? 0)")
        }
        var inPlace = Array(x.prefix(1001))
        inPlace.withUnsafeMutableBufferPointer { LibmRoutines.exp($0.baseAddress!, into: $0.baseAddress!, count: $0.count) }
        #expect(zip(inPlace, x.prefix(1001)).allSatisfy { y, x in
            let expected = Foundation.exp(x)
            return expected.isNaN ? y.isNaN : y.bitPattern == expected.bitPattern
        })
        #if arch(x86_64) && os(Linux)
        // where the CPU has both (as the machines GammaKit is benchmarked on), the vector path
        // must have passed its own check and be in use
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) {
            let names = Set(flags.split(separator: " ").map(String.init))
            #expect(LibmRoutines.batchExpIsVectorised == (names.contains("avx2") && names.contains("fma")))
        }
        #endif
    }

    /// `sinCos` is `sin` and `cos` to the bit: latitudes in radians (the solid angles' use), large
    /// arguments, the special values.
    @Test func sinCosIsSinAndCosToTheBit() {
        var xs: [Double] = []
        for i in 0...200_000 { xs.append(-1.6 + Double(i) * (3.2 / 200_000) + Double(i % 11) * 1e-14) }
        for i in 0...20_000 { xs.append(Double(i) * 977.1 - 1e7) }
        xs += [0, -0.0, .pi / 2, -.pi / 2, .pi, 1e300, .leastNonzeroMagnitude, .infinity, -.infinity]
        let bad = xs.filter { x in
            let (s, c) = LibmRoutines.sinCos(x)
            let (es, ec) = (Foundation.sin(x), Foundation.cos(x))
            return es.isNaN ? !(s.isNaN && c.isNaN && ec.isNaN) : (s.bitPattern != es.bitPattern || c.bitPattern != ec.bitPattern)
        }
        #expect(bad.isEmpty, "first at \(bad.first ?? 0)")
        #expect(LibmRoutines.sinCos(.nan).sin.isNaN)
    }

    @Test func fromExponentialZeroesTheSubnormalEdge() {
        let tiny = Double.leastNormalMagnitude
        #expect(InterpolationScale.fromExponential(2 * tiny) == 0)
        #expect(InterpolationScale.fromExponential(2 * tiny.nextUp) == 2 * tiny.nextUp)
        #expect(InterpolationScale.fromExponential(0.5) == 0.5)
        #expect(InterpolationScale.log.inverse(InterpolationScale.log.scale(0)) == 0)
    }
}
