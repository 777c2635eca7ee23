import GammaMaps

/// The PSF at every position of a sky map (Gammapy's `PSFMap`): `psfMap` holds the PSF density
/// in deg⁻² on axes (lon, lat, rad, energy_true) — or (…, rad, energy) for a PSF in reconstructed
/// energy — normalised along rad; `exposureMap` (lon, lat, 1-bin rad, energy_true), in m² s, is
/// the weight with which PSF maps are stacked.
public struct PSFMap: IRFMap {
    public var psfMap: WcsNDMap<Double>
    public var exposureMap: WcsNDMap<Double>?

    public init(psfMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>? = nil) {
        self.psfMap = psfMap
        self.exposureMap = exposureMap
    }

    public static let irfAxis = "rad"
    public static let hduName = "PSF"

    public init(irfMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>?) {
        self.init(psfMap: irfMap, exposureMap: exposureMap)
    }

    public var irfMap: WcsNDMap<Double> {
        get { psfMap }
        set { psfMap = newValue }
        _modify { yield &psfMap }
    }
}
