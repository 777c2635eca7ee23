import GammaMaps

extension EDispMap {
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
    public func toEDispKernelMap(energyAxis: MapAxis, threshold: Double = 1e-8) throws -> EDispKernelMap {
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
        // scipy's cell and fraction on the grid 0, 1, …, nM + 2 (extrapolating at both ends)
        let nP = nM + 3
        let cells = migraPix.map { x -> Int in
            x.isNaN ? -1 : Swift.min(Swift.max(Int((x).rounded(.down)), 0), nP - 2)
        }

        let widths = migraAxis.binWidths
        var kernel = [Double](repeating: 0, count: nT * nR * npix)
        var table = [Double](repeating: 0, count: nP)
        var integral = [Double](repeating: 0, count: nR + 1)
        edispMap.data.withUnsafeBufferPointer { density in
            for t in 0..<nT {
                for p in 0..<npix {
                    // Map.cumsum along migra, then pad(1, mode="edge"); non-finite values read as 0
                    var running = 0.0
                    table[0] = 0
                    table[1] = 0
                    for m in 0..<nM {
                        let v = density[(t * nM + m) * npix + p] * widths[m]
                        running = m == 0 ? v : running + v
                        table[m + 2] = running.isFinite ? running : 0
                    }
                    table[nM + 2] = table[nM + 1]
                    for r in 0...nR {
                        let k = t * (nR + 1) + r
                        let i = cells[k]
                        if i < 0 { integral[r] = .nan; continue }
                        let f = migraPix[k] - Double(i)
                        integral[r] = (0 + table[i] * (1 - f)) + table[i + 1] * f
                    }
                    for r in 0..<nR {
                        var d = integral[r + 1] - integral[r]
                        if d < 0 { d = 0 }      // np.clip(…, 0, inf) keeps NaN
                        if d < threshold { d = 0 }
                        kernel[(t * nR + r) * npix + p] = d
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
        return EDispKernelMap(edispKernelMap: kernelMap, exposureMap: exposure)
    }
}
