import GammaMaps

/// Energy dispersion as migration densities at every position of a (coarse) sky map (Gammapy's
/// `EDispMap`): `edispMap` on axes (lon, lat, migra, energy_true), normalised along migra;
/// `exposureMap` (lon, lat, 1-bin migra, energy_true) in m² s weights the stacking. Made when
/// a dataset is created with a migra axis; `EDispKernelMap` otherwise.
public struct EDispMap<Geometry: MapGeometry>: IRFMap {
    public var edispMap: Map<Geometry, Double>
    public var exposureMap: Map<Geometry, Double>?

    public init(edispMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>? = nil) {
        self.edispMap = edispMap
        self.exposureMap = exposureMap
    }

    public static var irfAxis: String { "migra" }
    public static var hduName: String { "EDISP" }
    /// Migration densities stay float64, as Gammapy holds them.
    public static var irfAlwaysFloat64: Bool { true }

    public init(irfMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>?) {
        self.init(edispMap: irfMap, exposureMap: exposureMap)
    }

    public var irfMap: Map<Geometry, Double> {
        get { edispMap }
        set { edispMap = newValue }
        _modify { yield &edispMap }
    }
}
