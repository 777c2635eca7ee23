import GammaMaps

extension PSFMap {
    /// Adds `other` (an equal geometry or an aligned cutout) into this PSF map weighted by exposure
    /// (Gammapy's `IRFMap.stack`), in place: psf ← (psf·exposure + w·psf′·exposure′) /
    /// (exposure + w·exposure′), the exposure map becomes the weighted sum, and pixels without
    /// exposure become 0. `weights` is `other`'s safe mask on its PSF
    /// geometry (`MapDataset.maskSafePSF`). `float32` says this map holds float32 values,
    /// `otherFloat32` the same for `other`; every step rounds as numpy does in those dtypes, and
    /// NaN results become 0 (±∞ the largest finite value), as `np.nan_to_num`.
    /// - Throws: when either map has no exposure map, or the geometries do not line up.
    public mutating func stack(_ other: PSFMap, weights: WcsNDMap<Bool>?, float32: Bool, otherFloat32: Bool) throws {
        guard var exposure = exposureMap, let otherExposure = other.exposureMap else {
            throw IRFError(.invalidArgument, file: "", hdu: "PSF", message: "missing exposure map for PSFMap.stack")
        }
        exposureMap = nil  // `exposure` is now the only owner: stacked in place, not copied
        defer { exposureMap = exposure }
        try IRFMapStacking.stack(irf: &psfMap, exposure: &exposure, other: other.psfMap, otherExposure: otherExposure,
                                 weights: weights, squashedAxis: "rad",
                                 precision: .init(irf: float32, exposure: float32, otherIRF: otherFloat32, otherExposure: otherFloat32))
    }
}

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
        func round(_ v: Double, _ float32: Bool) -> Double { float32 ? Double(Float(v)) : v }
        // Gammapy multiplies and divides the whole map (its `cutout_info` lookup never finds one),
        // so pixels `other` does not cover are rounded through x·e/e too, and 0/0 becomes 0
        let parent = (y: 0..<irf.geom.npix.lat, x: 0..<irf.geom.npix.lon)
        let d = try irf.geom.axes.dataIndex(of: squashedAxis)
        // 1. (in place: the result keeps the irf array's dtype)
        let exposureValues = exposure.data
        let irfGeom = irf.geom
        // Hot loops write through buffer pointers, in place: an array captured by the closure
        // would be copied on every write, a local copy of the map once per stack.
        irf.data.withUnsafeMutableBufferPointer { v in
            exposureValues.withUnsafeBufferPointer { ex in
                forEachBin(of: irfGeom, squashed: d, y: parent.y, x: parent.x) { k, e in
                    v[k] = round(v[k] * ex[e], p.irf)
                }
            }
        }
        // 2. other's irf × exposure, in its precision (float32 only if both arrays are)
        var product = other
        var productValues = other.data
        let otherExposureValues = otherExposure.data
        let otherD = try other.geom.axes.dataIndex(of: squashedAxis)
        let productFloat32 = p.otherIRF && p.otherExposure
        productValues.withUnsafeMutableBufferPointer { v in
            otherExposureValues.withUnsafeBufferPointer { ex in
                forEachBin(of: other.geom, squashed: otherD, y: 0..<other.geom.npix.lat, x: 0..<other.geom.npix.lon) { k, e in
                    v[k] = round(v[k] * ex[e], productFloat32)
                }
            }
        }
        product.data = productValues
        try irf.stack(product, weights: weights, float32: p.irf, otherFloat32: productFloat32)
        // 3.
        var exposureWeights = weights
        if let w = weights, w.geom.axes.index(of: "energy") != nil {
            exposureWeights = try w.reduce(axisName: "energy", .logicalOr, keepdims: true)
        }
        try exposure.stack(otherExposure, weights: exposureWeights, float32: p.exposure, otherFloat32: p.otherExposure)
        // 4.
        let stackedExposure = exposure.data
        irf.data.withUnsafeMutableBufferPointer { v in
            stackedExposure.withUnsafeBufferPointer { ex in
                forEachBin(of: irfGeom, squashed: d, y: parent.y, x: parent.x) { k, e in
                    v[k] = round(v[k] / ex[e], p.irf)
                }
            }
        }
        let largest = p.irf ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
        irf.data.withUnsafeMutableBufferPointer { v in
            for k in v.indices where !v[k].isFinite {
                v[k] = v[k].isNaN ? 0 : (v[k] > 0 ? largest : -largest)
            }
        }
    }

    /// Calls `body(k, e)` for every bin `k` of `geom` inside the pixel ranges, with `e` the
    /// index of the same bin in the map whose data dimension `squashed` has one bin.
    static func forEachBin(of geom: WcsGeom, squashed d: Int, y: Range<Int>, x: Range<Int>, _ body: (Int, Int) -> Void) {
        let shape = geom.dataShape
        let outer = shape[..<d].reduce(1, *), n = shape[d], inner = shape[(d + 1)...].reduce(1, *)
        let planes = inner / geom.spatialPixelCount
        let nx = geom.npix.lon, plane = geom.spatialPixelCount
        for o in 0..<outer {
            for m in 0..<n {
                for q in 0..<planes {
                    for j in y {
                        for i in x {
                            let within = q * plane + j * nx + i
                            body((o * n + m) * inner + within, o * inner + within)
                        }
                    }
                }
            }
        }
    }
}
