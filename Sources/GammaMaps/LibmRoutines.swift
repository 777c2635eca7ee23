import CVectorMath
import Foundation
#if canImport(Glibc)
import Glibc

@_silgen_name("sincos")
private func libmSinCos(_ x: Double, _ sin: UnsafeMutablePointer<Double>, _ cos: UnsafeMutablePointer<Double>)

@_silgen_name("dlvsym")
private func dlvsym(_ handle: UnsafeMutableRawPointer?, _ symbol: UnsafePointer<CChar>,
                    _ version: UnsafePointer<CChar>) -> UnsafeMutableRawPointer?
#endif

/// libm's routines for the loops that call them tens of millions of times per reduction.
///
/// glibc's `exp` is a wrapper (it sets `errno` on overflow) around the routine for this CPU that
/// it chose at load time; that routine is also exported, under its old name `__exp_finite`. It is
/// the same function, so the same bits, for ~40 % less time per call (3.3 against 5.6 ns on the
/// development machine): the background integral of one H.E.S.S. DR1 run takes half a million
/// exponentials. Elsewhere, or when the symbol is missing, this is `Foundation.exp`.
package enum LibmRoutines {
    package typealias Function = @convention(c) (Double) -> Double

    /// `exp`, called directly.
    package static let exp: Function = {
        #if canImport(Glibc)
        if let handle = dlopen("libm.so.6", RTLD_NOW | RTLD_NOLOAD),
           let symbol = dlvsym(handle, "__exp_finite", "GLIBC_2.15") {
            return unsafeBitCast(symbol, to: Function.self)
        }
        #endif
        return { Foundation.exp($0) }
    }()

    /// `y[i] = exp(x[i])` for `i < count`, the same bits as `exp` one by one: four at a time
    /// (glibc's AVX2/FMA routine reproduced, `vector_exp.c`) on a CPU where glibc itself uses
    /// that routine and the two agree, else element by element. `x` may be `y`.
    package static func exp(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        gk_exp_batch(x, y, count)
    }

    /// `(sin(x), cos(x))` in one call, glibc's `sincos`: the same bits as the two functions (it
    /// runs their code; checked on 5e7 values), for about half the time of calling both.
    @inline(__always)
    package static func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
        #if canImport(Glibc)
        var s = 0.0, c = 0.0
        libmSinCos(x, &s, &c)
        return (s, c)
        #else
        return (Foundation.sin(x), Foundation.cos(x))
        #endif
    }

    /// Whether the batch `exp` runs four at a time on this machine.
    package static var batchExpIsVectorised: Bool { gk_exp_batch_is_vectorised() != 0 }
}
