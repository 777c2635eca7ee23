import GammaMaps

/// Energy-dispersion kernels at every position of a (coarse) sky map (Gammapy's
/// `EDispKernelMap`): `edispKernelMap` on axes (lon, lat, energy, energy_true) holds, for each
/// true-energy bin, the probability of each reconstructed-energy bin; `exposureMap` (lon, lat,
/// 1-bin energy, energy_true), in m² s, weights the stacking.
public struct EDispKernelMap<Geometry: MapGeometry>: IRFMap {
    public var edispKernelMap: Map<Geometry, Double>
    public var exposureMap: Map<Geometry, Double>?

    public init(edispKernelMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>? = nil) {
        self.edispKernelMap = edispKernelMap
        self.exposureMap = exposureMap
    }

    public static var irfAxis: String { "energy" }
    public static var hduName: String { "EDISP" }

    /// A kernel map's first axis is reconstructed energy (Gammapy's `EDispKernelMap.from_hdulist`).
    public static func checkAxes(_ map: Map<Geometry, Double>, file: String, hdu: String) throws {
        guard map.geom.axes.first?.name == "energy" else {
            throw IRFError(.invalidData, file: file, hdu: hdu,
                           message: "an energy-dispersion kernel map has 'energy' as first axis, got \(map.geom.axes.names)")
        }
    }

    public init(irfMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>?) {
        self.init(edispKernelMap: irfMap, exposureMap: exposureMap)
    }

    public var irfMap: Map<Geometry, Double> {
        get { edispKernelMap }
        set { edispKernelMap = newValue }
        _modify { yield &edispKernelMap }
    }
}
