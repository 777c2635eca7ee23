import GammaMaps
import IRF
import Sky

extension MapDataset<WcsGeom> {
    /// The dataset cut out around `position` (Gammapy's `MapDataset.cutout`): counts, exposure,
    /// background and masks by `WcsNDMap.cutout` on their geometry, PSF and energy dispersion on
    /// their own coarser geometry at least 3 pixels wide (`PSFMap.cutout`). GTI, meta table and
    /// precision are kept; the FoV background model is not (Gammapy passes no models), and the
    /// cutout is named `name` (a random name by default).
    /// - Throws: `MapError(.noOverlap)` when the cutout misses the maps (or, in `strict` mode,
    ///   overlaps only partly).
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim, name: String? = nil) throws -> MapDataset<WcsGeom> {
        var result = MapDataset<WcsGeom>(name: name ?? Self.makeName(), gti: gti, metaTable: metaTable, precision: precision)
        result.counts = try counts?.cutout(position: position, width: width, mode: mode)
        result.exposure = try exposure?.cutout(position: position, width: width, mode: mode)
        result.background = try background?.cutout(position: position, width: width, mode: mode)
        switch edisp {
        case .kernel(let map): result.edisp = .kernel(try map.cutout(position: position, width: width, mode: mode))
        case .migra(let map): result.edisp = .migra(try map.cutout(position: position, width: width, mode: mode))
        case nil: break
        }
        result.psf = try psf?.cutout(position: position, width: width, mode: mode)
        result.maskSafe = try maskSafe?.cutout(position: position, width: width, mode: mode)
        result.maskFit = try maskFit?.cutout(position: position, width: width, mode: mode)
        return result
    }
}

extension MapDataset {
    /// A copy under another name (Gammapy's `Dataset.copy`, which also drops the models: the copy
    /// has no FoV background model). The name defaults to a random one.
    public func copy(name: String? = nil) -> MapDataset<Geometry> {
        var result = self
        result.name = name ?? MapDatasetDefaults.makeName()
        result.backgroundModel = nil
        return result
    }
}
