import GammaMaps

/// The PSF at every position of a sky map (Gammapy's `PSFMap`): `psfMap` holds the PSF density
/// in deg⁻² on axes (lon, lat, rad, energy_true) — or (…, rad, energy) for a PSF in reconstructed
/// energy — normalised along rad; `exposureMap` (lon, lat, 1-bin rad, energy_true), in m² s, is
/// the weight with which PSF maps are stacked.
public struct PSFMap: Sendable {
    public var psfMap: WcsNDMap<Double>
    public var exposureMap: WcsNDMap<Double>?

    public init(psfMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>? = nil) {
        self.psfMap = psfMap
        self.exposureMap = exposureMap
    }
}
