import GammaMaps

extension PSFMap<WcsGeom> {
    /// The energy axis of the PSF map: `energy_true`, or `energy` for a PSF in reconstructed
    /// energy (Gammapy's `RecoPSFMap`).
    public var energyName: String {
        psfMap.geom.axes.index(of: "energy_true") != nil ? "energy_true" : "energy"
    }

    /// An empty PSF map on `geom` (Gammapy's `PSFMap.from_geom`): zeros in sr⁻¹, and a zero
    /// exposure map in m² s on `geom` with the rad axis squashed to one bin.
    /// - Throws: `IRFError` when `geom` has no `rad` axis or no energy axis.
    public static func fromGeom(_ geom: WcsGeom) throws -> PSFMap<WcsGeom> {
        guard geom.axes.index(of: "rad") != nil,
              geom.axes.index(of: "energy_true") != nil || geom.axes.index(of: "energy") != nil else {
            throw IRFError(.invalidArgument, file: "", hdu: "PSF",
                           message: "a PSF map needs 'rad' and 'energy_true' (or 'energy') axes, got \(geom.axes.names)")
        }
        let exposureGeom = try geom.squash(axisName: "rad")
        return PSFMap<WcsGeom>(psfMap: .fromGeom(geom, unit: "sr-1"), exposureMap: .fromGeom(exposureGeom, unit: "m2 s"))
    }
}
