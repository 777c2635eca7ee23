import GammaMaps

extension EDispMap<WcsGeom> {
    /// The energy-dispersion kernels of every pixel for a reconstructed-energy axis (Gammapy's
    /// `EDispMap.to_edisp_kernel_map`).
    ///
    /// Per pixel and true-energy bin: the cumulative integral of the migration density along
    /// migra (Σ density × Δmigra, with a leading 0, on the migra edges, padded by one node with
    /// the edge values at each end) is interpolated linearly — extrapolating, in pixel
    /// coordinates of that padded axis — at migra = reconstructed-energy edge / true-energy bin
    /// centre; the differences between consecutive edges, clipped at 0, are the probabilities,
    /// and those below `threshold` become 0. The exposure map is kept, on the kernel geometry
    /// with the energy axis squashed.
    ///
    /// The map must have the axes `migra` and `energy_true`, in this order.
    public func toEDispKernelMap(energyAxis: MapAxis, threshold: Double = 1e-8) throws -> EDispKernelMap<WcsGeom> {
        let geom = edispMap.geom
        guard geom.axes.names == ["migra", "energy_true"] else {
            throw MapError(.axis, subject: "EDispMap", message: "needs the axes [migra, energy_true] in this order; it has \(geom.axes.names)")
        }
        let migraAxis = geom.axes[0], trueAxis = geom.axes[1]
        let nM = migraAxis.nbin, nT = trueAxis.nbin, nR = energyAxis.nbin
        let npix = geom.spatialPixelCount
        let kernelGeom = try geom.toImage().toCube([energyAxis, trueAxis])

        // migra = reco edge / true centre, in pixel coordinates of the padded cumulative axis
        guard let ratio = UnitConversion.factor(from: energyAxis.unit, to: trueAxis.unit) ?? (energyAxis.unit == trueAxis.unit ? 1 : nil) else {
            throw MapError(.axis, subject: "energy axis", message: "unit '\(energyAxis.unit)' does not convert to '\(trueAxis.unit)'")
        }
        let padded = try MapAxis.fromNodes(migraAxis.edges, name: migraAxis.name, unit: migraAxis.unit,
                                           interp: migraAxis.interp).pad(1)
        let recoEdges = energyAxis.edges, trueCenters = trueAxis.centers
        var migraPix = [Double](repeating: 0, count: nT * (nR + 1))
        for t in 0..<nT {
            for r in 0...nR {
                let edge = ratio == 1 ? recoEdges[r] : recoEdges[r] * ratio
                migraPix[t * (nR + 1) + r] = padded.coordToPix(edge / trueCenters[t])
            }
        }
        // scipy's cell and fraction on the grid 0, 1, …, nM + 2 (extrapolating at both ends); padded
        // node q holds the cumulative sum's row min(max(q − 1, 0), nM)
        let nP = nM + 3
        let cells = migraPix.map { x -> Int in
            x.isNaN ? -1 : Swift.min(Swift.max(Int(x.rounded(.down)), 0), nP - 2)
        }
        func row(_ q: Int) -> Int { Swift.min(Swift.max(q - 1, 0), nM) }

        let widths = migraAxis.binWidths
        var kernel = [Double](repeating: 0, count: nT * nR * npix)
        // per true-energy bin: the cumulative sum along migra, rows of pixels, and the integral at each edge
        let cumulative = UnsafeMutableBufferPointer<Double>.allocate(capacity: (nM + 1) * npix)
        let integral = UnsafeMutableBufferPointer<Double>.allocate(capacity: (nR + 1) * npix)
        defer { cumulative.deallocate(); integral.deallocate() }
        edispMap.data.withUnsafeBufferPointer { density in
            kernel.withUnsafeMutableBufferPointer { out in
                for t in 0..<nT {
                    // Map.cumsum along migra (leading 0); non-finite sums read as 0 (interp_by_pix)
                    for p in 0..<npix { cumulative[p] = 0 }
                    for m in 0..<nM {
                        let source = (t * nM + m) * npix, previous = m * npix, target = (m + 1) * npix
                        let w = widths[m]
                        if m == 0 {
                            for p in 0..<npix { cumulative[target + p] = density[source + p] * w }
                        } else {
                            for p in 0..<npix { cumulative[target + p] = cumulative[previous + p] + density[source + p] * w }
                        }
                    }
                    for k in npix..<((nM + 1) * npix) {
                        let c = cumulative[k]
                        cumulative[k] = c - c == 0 ? c : 0  // not finite → 0
                    }
                    for r in 0...nR {
                        let k = t * (nR + 1) + r
                        let i = cells[k]
                        let target = r * npix
                        if i < 0 {
                            for p in 0..<npix { integral[target + p] = .nan }
                            continue
                        }
                        let f = migraPix[k] - Double(i)
                        let lower = row(i) * npix, upper = row(i + 1) * npix
                        for p in 0..<npix {
                            integral[target + p] = (0 + cumulative[lower + p] * (1 - f)) + cumulative[upper + p] * f
                        }
                    }
                    for r in 0..<nR {
                        let base = (t * nR + r) * npix
                        for p in 0..<npix {
                            var d = integral[(r + 1) * npix + p] - integral[r * npix + p]
                            if d < 0 { d = 0 }      // np.clip(…, 0, inf) keeps NaN
                            if d < threshold { d = 0 }
                            out[base + p] = d
                        }
                    }
                }
            }
        }
        let kernelMap = try WcsNDMap(geom: kernelGeom, data: kernel, unit: "")
        var exposure: WcsNDMap<Double>?
        if let exposureMap {
            let squashed = try kernelGeom.squash(axisName: energyAxis.name)
            exposure = try WcsNDMap(geom: squashed, data: exposureMap.data, unit: exposureMap.unit, meta: exposureMap.meta)
        }
        return EDispKernelMap<WcsGeom>(edispKernelMap: kernelMap, exposureMap: exposure)
    }
}
