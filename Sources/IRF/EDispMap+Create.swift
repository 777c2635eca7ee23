import GammaMaps

extension EDispMap<WcsGeom> {
    /// A migration map on `geom` (axes `migra`, `energy_true`, ...) with a diagonal response, as
    /// Gammapy's `EDispMap.from_geom`: the density is shared between the two migra bins next to
    /// migra = 1, `max(0, 1 − |i − p₁|) / Δmigraᵢ` for migra bin *i* with p₁ the pixel coordinate of
    /// migra = 1. The exposure map (zeros, m² s) has the migra axis squashed to one bin.
    ///
    /// Gammapy computes this map in float64 even in a float32 dataset (it assigns a float64
    /// quantity), and it stays float64 through stacking.
    public static func fromGeom(_ geom: WcsGeom) throws -> EDispMap<WcsGeom> {
        guard let im = geom.axes.index(of: "migra"), geom.axes.index(of: "energy_true") != nil else {
            throw IRFError(.invalidArgument, file: "", hdu: "EDISP",
                           message: "an energy-dispersion map needs 'migra' and 'energy_true' axes, got \(geom.axes.names)")
        }
        let migra = geom.axes[im]
        let migra0 = migra.coordToPix(1)
        let widths = migra.binWidths
        let shape = geom.dataShape
        let dm = geom.axes.count - 1 - im
        let stride = shape[(dm + 1)...].reduce(1, *)
        var values = [Double](repeating: 0, count: geom.dataCount)
        for k in values.indices {
            let i = (k / stride) % shape[dm]
            let distance = Swift.abs(Double(i) - migra0)
            values[k] = (distance < 1 ? 1 - distance : 0) / widths[i]
        }
        let map = try WcsNDMap<Double>(geom: geom, data: values, unit: "")
        return EDispMap<WcsGeom>(edispMap: map, exposureMap: .fromGeom(try geom.squash(axisName: "migra"), unit: "m2 s"))
    }
}
