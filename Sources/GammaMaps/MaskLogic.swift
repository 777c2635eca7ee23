/// Element-wise logic on masks (Gammapy's `&`, `|`, `^` on boolean arrays) without a branch per
/// element.
///
/// A Swift `Bool` is one byte holding 0 or 1, so `&`, `|` and `^` of the bytes are `&&`, `||`
/// and `!=` of the values, in loops the compiler vectorises. Written with `&&` the loops
/// branched on every element and mispredicted along each mask's edges (most of the safe-mask
/// maker's time on H.E.S.S. DR1).
package enum MaskLogic {
    package enum Operation: Sendable { case and, or, xor }

    /// `a[i] op b[i]` for the common length.
    package static func combine(_ a: [Bool], _ b: [Bool], _ operation: Operation) -> [Bool] {
        let n = Swift.min(a.count, b.count)
        return [Bool](unsafeUninitializedCapacity: n) { out, initialized in
            bytes(a) { a in
                bytes(b) { b in
                    out.withMemoryRebound(to: UInt8.self) { out in
                        switch operation {
                        case .and: for i in 0..<n { out[i] = a[i] & b[i] }
                        case .or: for i in 0..<n { out[i] = a[i] | b[i] }
                        case .xor: for i in 0..<n { out[i] = a[i] ^ b[i] }
                        }
                    }
                }
            }
            initialized = n
        }
    }

    /// `mask[i] = mask[i] && other[i]`; the two have the same length.
    package static func formAnd(_ mask: inout [Bool], _ other: [Bool]) {
        precondition(mask.count == other.count, "masks of \(mask.count) and \(other.count) values")
        bytes(other) { o in
            mask.withUnsafeMutableBufferPointer { m in
                m.withMemoryRebound(to: UInt8.self) { m in
                    for i in 0..<m.count { m[i] &= o[i] }
                }
            }
        }
    }

    /// `mask[i] = mask[i] && 0 < values[i] < ∞` (false for NaN); the two have the same length.
    ///
    /// Eight values at a time as floating-point lanes, "finite" as `v·0 = 0`: the bit-pattern test
    /// below needs 64-bit unsigned comparisons, which SSE2 does not have, and stayed scalar.
    package static func formAndPositiveFinite(_ mask: inout [Bool], _ values: [Double]) {
        precondition(mask.count == values.count, "a mask of \(mask.count) values for \(values.count)")
        values.withUnsafeBufferPointer { v in
            mask.withUnsafeMutableBufferPointer { m in
                m.withMemoryRebound(to: UInt8.self) { m in
                    let n = m.count, zero = SIMD8<Double>(repeating: 0)
                    var i = 0
                    if let values = v.baseAddress, let bytes = m.baseAddress {
                        while i + 8 <= n {
                            let x = UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Double>.self)
                            let usable = SIMD8<Int64>(repeating: 0).replacing(with: 1, where: (x .> zero) .& (x * zero .== zero))
                            let old = UnsafeRawPointer(bytes + i).loadUnaligned(as: SIMD8<UInt8>.self)
                            UnsafeMutableRawPointer(bytes + i).storeBytes(of: old & SIMD8<UInt8>(truncatingIfNeeded: usable), as: SIMD8<UInt8>.self)
                            i += 8
                        }
                    }
                    for k in i..<n { m[k] &= isPositiveFinite(v[k]) ? 1 : 0 }
                }
            }
        }
    }

    /// `0 < x < ∞` (false for NaN) by one unsigned comparison of the bit pattern: the positive
    /// finite doubles are exactly those from 1 (the smallest subnormal) to 0x7FEF…F (the largest
    /// finite). The floating-point comparisons became branches in the loops.
    @inline(__always)
    package static func isPositiveFinite(_ x: Double) -> Bool {
        x.bitPattern &- 1 < Double.greatestFiniteMagnitude.bitPattern
    }

    @inline(__always)
    private static func bytes<R>(_ mask: [Bool], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        mask.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt8.self, body) }
    }
}
