import GammaMaps

/// Energy dispersion as migration densities at every position of a (coarse) sky map (Gammapy's
/// `EDispMap`): `edispMap` on axes (lon, lat, migra, energy_true), normalised along migra;
/// `exposureMap` (lon, lat, 1-bin migra, energy_true) in m² s weights the stacking. Made when
/// a dataset is created with a migra axis; `EDispKernelMap` otherwise.
public struct EDispMap: IRFMap {
    public var edispMap: WcsNDMap<Double>
    public var exposureMap: WcsNDMap<Double>?

    public init(edispMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>? = nil) {
        self.edispMap = edispMap
        self.exposureMap = exposureMap
    }

    public static let irfAxis = "migra"
    public static let hduName = "EDISP"
    /// Migration densities stay float64, as Gammapy holds them.
    public static let irfAlwaysFloat64 = true

    public init(irfMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>?) {
        self.init(edispMap: irfMap, exposureMap: exposureMap)
    }

    public var irfMap: WcsNDMap<Double> {
        get { edispMap }
        set { edispMap = newValue }
        _modify { yield &edispMap }
    }
}
