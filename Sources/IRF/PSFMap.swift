import GammaMaps

/// The PSF at every position of a sky map (Gammapy's `PSFMap`): `psfMap` holds the PSF density
/// in deg⁻² on axes (lon, lat, rad, energy_true) — or (…, rad, energy) for a PSF in reconstructed
/// energy — normalised along rad; `exposureMap` (lon, lat, 1-bin rad, energy_true), in m² s, is
/// the weight with which PSF maps are stacked.
public struct PSFMap<Geometry: MapGeometry>: IRFMap {
    public var psfMap: Map<Geometry, Double>
    public var exposureMap: Map<Geometry, Double>?

    public init(psfMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>? = nil) {
        self.psfMap = psfMap
        self.exposureMap = exposureMap
    }

    public static var irfAxis: String { "rad" }
    public static var hduName: String { "PSF" }

    public init(irfMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>?) {
        self.init(psfMap: irfMap, exposureMap: exposureMap)
    }

    public var irfMap: Map<Geometry, Double> {
        get { psfMap }
        set { psfMap = newValue }
        _modify { yield &psfMap }
    }
}
