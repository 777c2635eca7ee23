import GammaMaps

extension EDispKernelMap {
    /// An energy-dispersion kernel map on `geom` (a sky map or a region; axes `energy`, `energy_true`, ...) with a
    /// diagonal response, as Gammapy's `EDispKernelMap.from_geom`: in every pixel the kernel of
    /// true bin *t* and reconstructed bin *r* is the fraction of the true bin that the
    /// reconstructed bin covers, `max(0, min(r_hi, t_hi) − max(r_lo, t_lo)) / (t_hi − t_lo)`.
    /// The exposure map (zeros, m² s) has the energy axis squashed to one bin.
    public static func fromGeom(_ geom: Geometry) throws -> EDispKernelMap<Geometry> {
        guard let ie = geom.axes.index(of: "energy"), let it = geom.axes.index(of: "energy_true") else {
            throw IRFError(.invalidArgument, file: "", hdu: "EDISP",
                           message: "an energy-dispersion kernel map needs 'energy' and 'energy_true' axes, got \(geom.axes.names)")
        }
        let reco = geom.axes[ie], trueAxis = geom.axes[it]
        let factor = UnitConversion.factor(from: reco.unit, to: trueAxis.unit) ?? 1
        let recoEdges = reco.edges.map { $0 * factor }, trueEdges = trueAxis.edges
        // fraction[t][r]
        var fraction = [Double](repeating: 0, count: trueAxis.nbin * reco.nbin)
        for t in 0..<trueAxis.nbin {
            for r in 0..<reco.nbin {
                let overlap = Swift.min(recoEdges[r + 1], trueEdges[t + 1]) - Swift.max(recoEdges[r], trueEdges[t])
                fraction[t * reco.nbin + r] = Swift.max(overlap, 0) / (trueEdges[t + 1] - trueEdges[t])
            }
        }
        // every bin takes the fraction of its (energy, energy_true) indices
        let shape = geom.dataShape
        let de = geom.axes.count - 1 - ie, dt = geom.axes.count - 1 - it
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var values = [Double](repeating: 0, count: geom.dataCount)
        for k in values.indices {
            let r = (k / strides[de]) % shape[de], t = (k / strides[dt]) % shape[dt]
            values[k] = fraction[t * reco.nbin + r]
        }
        let kernel = try Map<Geometry, Double>(geom: geom, data: values, unit: "")
        return EDispKernelMap<Geometry>(edispKernelMap: kernel, exposureMap: .fromGeom(try geom.squash(axisName: "energy"), unit: "m2 s"))
    }
}
