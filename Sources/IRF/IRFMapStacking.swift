import GammaMaps

/// The exposure-weighted stacking shared by PSF and energy-dispersion maps (Gammapy's
/// `IRFMap.stack`).
enum IRFMapStacking {
    /// Which of the four arrays hold float32 values (the others float64).
    struct Precision {
        var irf: Bool
        var exposure: Bool
        var otherIRF: Bool
        var otherExposure: Bool
    }

    /// `irf` and `exposure` (the IRF geometry with `squashedAxis` of one bin) in place:
    ///
    /// 1. irf ← irf × exposure over the whole map;
    /// 2. irf += w · (irf′ × exposure′), cast to this precision (`WcsNDMap.stack`);
    /// 3. exposure += w · exposure′, with `weights` reduced over `energy` (logical or) when it
    ///    has that axis;
    /// 4. irf ← irf / exposure, then NaN → 0 and ±∞ → ± the largest finite value (a pixel with no
    ///    exposure ends at 0, whatever it held).
    static func stack(irf: inout WcsNDMap<Double>, exposure: inout WcsNDMap<Double>, other: WcsNDMap<Double>,
                      otherExposure: WcsNDMap<Double>, weights: WcsNDMap<Bool>?, squashedAxis: String,
                      precision p: Precision) throws {
        let layout = try irf.stackingLayout(other, weights: weights)
        let d = try irf.geom.axes.dataIndex(of: squashedAxis)
        guard try other.geom.axes.dataIndex(of: squashedAxis) == d else {
            throw MapError(.shapeMismatch, subject: "stack", message: "the maps' \(squashedAxis) axes differ")
        }
        // 3. first, keeping the exposure step 1 multiplies by
        let oldExposure = exposure.data
        var exposureWeights = weights
        if let w = weights, w.geom.axes.index(of: "energy") != nil {
            exposureWeights = try w.reduce(axisName: "energy", .logicalOr, keepdims: true)
        }
        try exposure.stack(otherExposure, weights: exposureWeights, float32: p.exposure, otherFloat32: p.otherExposure)
        // 1, 2 and 4 element by element, plane by plane: the same operations in the same order
        // as whole-map passes, without the temporary product map or another pass over memory.
        let shape = irf.dataShape
        let outer = shape[..<d].reduce(1, *), n = shape[d]
        let nx = irf.geom.npix.lon, plane = irf.geom.spatialPixelCount
        let planes = shape[(d + 1)...].reduce(1, *) / plane
        let ox = other.geom.npix.lon, otherPlane = other.geom.spatialPixelCount
        let rows = Array(zip(layout.slices.parentY, layout.slices.cutoutY))
        let x0 = layout.slices.parentX.lowerBound, c0 = layout.slices.cutoutX.lowerBound, width = layout.slices.parentX.count
        let factor = layout.factor, weightPlanes = layout.weightPlanes
        let productFloat32 = p.otherIRF && p.otherExposure
        let largest = p.irf ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        @inline(__always) func round(_ v: Double, _ float32: Bool) -> Double { float32 ? Double(Float(v)) : v }
        let stackedExposure = exposure.data, otherValues = other.data, otherExposureValues = otherExposure.data
        let weightValues = weights?.data ?? []
        // The precisions are constants of each call of `planes`, so that its loops carry no
        // per-element test of them and vectorise (tested per element, they kept the loops scalar).
        @inline(__always) func stackPlanes(irf32: Bool, product32: Bool, v: UnsafeMutableBufferPointer<Double>,
                                      ex: UnsafeBufferPointer<Double>, newEx: UnsafeBufferPointer<Double>,
                                      o: UnsafeBufferPointer<Double>, oex: UnsafeBufferPointer<Double>, w: UnsafeBufferPointer<Bool>) {
            for a in 0..<outer {
                for m in 0..<n {
                    for q in 0..<planes {
                        let bin = (a * n + m) * planes + q        // plane of both IRF maps
                        let target = v.baseAddress! + bin * plane
                        let exposurePlane = (a * planes + q) * plane, otherExposurePlane = (a * planes + q) * otherPlane
                        // 1. irf × exposure, over the whole map (Gammapy never finds a cutout there)
                        for k in 0..<plane { target[k] = round(target[k] * ex[exposurePlane + k], irf32) }
                        // 2. + w · (irf′ × exposure′) where other overlaps, as `WcsNDMap.stack`
                        let weightPlane = weightPlanes.map { $0[bin] * otherPlane }
                        for (jp, jc) in rows {
                            let t0 = jp * nx + x0, s0 = jc * ox + c0
                            let source = bin * otherPlane + s0, exposureSource = otherExposurePlane + s0
                            for i in 0..<width {
                                var x = round(o[source + i] * oex[exposureSource + i], product32)
                                if factor != 1 { x = product32 ? Double(Float(x * factor)) : x * factor }
                                x = round(x, irf32)
                                x = x.isFinite ? x : 0
                                if let weightPlane { x *= w[weightPlane + s0 + i] ? 1 : 0 }
                                target[t0 + i] = round(target[t0 + i] + x, irf32)
                            }
                        }
                        // 4. / stacked exposure; NaN → 0, ±∞ → ± the largest finite value
                        for k in 0..<plane {
                            let x = round(target[k] / newEx[exposurePlane + k], irf32)
                            target[k] = x.isFinite ? x : (x.isNaN ? 0 : (x > 0 ? largest : -largest))
                        }
                    }
                }
            }
        }
        irf.withUnsafeMutableValues { v in
            oldExposure.withUnsafeBufferPointer { ex in
            stackedExposure.withUnsafeBufferPointer { newEx in
            otherValues.withUnsafeBufferPointer { o in
            otherExposureValues.withUnsafeBufferPointer { oex in
            weightValues.withUnsafeBufferPointer { w in
                switch (p.irf, productFloat32) {
                case (true, true): stackPlanes(irf32: true, product32: true, v: v, ex: ex, newEx: newEx, o: o, oex: oex, w: w)
                case (true, false): stackPlanes(irf32: true, product32: false, v: v, ex: ex, newEx: newEx, o: o, oex: oex, w: w)
                case (false, true): stackPlanes(irf32: false, product32: true, v: v, ex: ex, newEx: newEx, o: o, oex: oex, w: w)
                case (false, false): stackPlanes(irf32: false, product32: false, v: v, ex: ex, newEx: newEx, o: o, oex: oex, w: w)
                }
            }
            }
            }
            }
            }
        }
    }
}
