/// One row of `WcsNDMap.stack`: `target[i] += w[i] · source[i]`, with numpy's conversions and
/// roundings (see `Map.stack`).
///
/// The options are the same for every element of a row, so each common combination gets a
/// loop of its own with the options as constants: without branches inside, the compiler
/// vectorises it (a loop testing the options per element took most of the stacking time).
/// A weight multiplies by 1 or 0 rather than skipping, as numpy does (`NaN · 0` stays NaN
/// without `nanToNum`); `v · 1` is `v` bit for bit.
package enum StackingRow {
    package static func add(_ target: UnsafeMutablePointer<Double>, _ source: UnsafePointer<Double>,
                            _ weight: UnsafePointer<Bool>?, count n: Int, factor: Double,
                            otherFloat32: Bool, float32: Bool, nanToNum: Bool) {
        guard factor == 1 else {
            return addConverted(target, source, weight, n, factor: factor, otherFloat32: otherFloat32,
                                float32: float32, nanToNum: nanToNum)
        }
        switch (float32, nanToNum, weight) {
        case (true, true, let w?): add(target, source, w, n, float32: true, nanToNum: true, weighted: true)
        case (true, true, nil): add(target, source, nil, n, float32: true, nanToNum: true, weighted: false)
        case (true, false, let w?): add(target, source, w, n, float32: true, nanToNum: false, weighted: true)
        case (true, false, nil): add(target, source, nil, n, float32: true, nanToNum: false, weighted: false)
        case (false, true, let w?): add(target, source, w, n, float32: false, nanToNum: true, weighted: true)
        case (false, true, nil): add(target, source, nil, n, float32: false, nanToNum: true, weighted: false)
        case (false, false, let w?): add(target, source, w, n, float32: false, nanToNum: false, weighted: true)
        case (false, false, nil): add(target, source, nil, n, float32: false, nanToNum: false, weighted: false)
        }
    }

    /// The loop for one combination of options, inlined where they are constants.
    @inline(__always)
    private static func add(_ target: UnsafeMutablePointer<Double>, _ source: UnsafePointer<Double>,
                            _ weight: UnsafePointer<Bool>?, _ n: Int, float32: Bool, nanToNum: Bool, weighted: Bool) {
        for i in 0..<n {
            var v = source[i]
            if float32 { v = Double(Float(v)) }
            if nanToNum { v = v.isFinite ? v : 0 }
            if weighted { v *= weight.unsafelyUnwrapped[i] ? 1 : 0 }
            let sum = target[i] + v
            target[i] = float32 ? Double(Float(sum)) : sum
        }
    }

    /// The rare row whose values change unit first (`factor` ≠ 1): one general loop.
    private static func addConverted(_ target: UnsafeMutablePointer<Double>, _ source: UnsafePointer<Double>,
                                     _ weight: UnsafePointer<Bool>?, _ n: Int, factor: Double,
                                     otherFloat32: Bool, float32: Bool, nanToNum: Bool) {
        for i in 0..<n {
            var v = source[i] * factor
            if otherFloat32 { v = Double(Float(v)) }
            if float32 { v = Double(Float(v)) }
            if nanToNum && !v.isFinite { v = 0 }
            if let weight, !weight[i] { v *= 0 }
            let sum = target[i] + v
            target[i] = float32 ? Double(Float(sum)) : sum
        }
    }
}
