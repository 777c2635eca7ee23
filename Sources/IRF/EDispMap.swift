import GammaMaps

/// Energy dispersion as migration densities at every position of a (coarse) sky map (Gammapy's
/// `EDispMap`): `edispMap` on axes (lon, lat, migra, energy_true), normalised along migra;
/// `exposureMap` (lon, lat, 1-bin migra, energy_true) in m² s weights the stacking. Made when
/// a dataset is created with a migra axis; `EDispKernelMap` otherwise.
public struct EDispMap: Sendable {
    public var edispMap: WcsNDMap<Double>
    public var exposureMap: WcsNDMap<Double>?

    public init(edispMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>? = nil) {
        self.edispMap = edispMap
        self.exposureMap = exposureMap
    }
}
