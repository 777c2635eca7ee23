import GammaMaps

/// Energy-dispersion kernels at every position of a (coarse) sky map (Gammapy's
/// `EDispKernelMap`): `edispKernelMap` on axes (lon, lat, energy, energy_true) holds, for each
/// true-energy bin, the probability of each reconstructed-energy bin; `exposureMap` (lon, lat,
/// 1-bin energy, energy_true), in m² s, weights the stacking.
public struct EDispKernelMap: IRFMap {
    public var edispKernelMap: WcsNDMap<Double>
    public var exposureMap: WcsNDMap<Double>?

    public init(edispKernelMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>? = nil) {
        self.edispKernelMap = edispKernelMap
        self.exposureMap = exposureMap
    }

    public static let irfAxis = "energy"
    public static let hduName = "EDISP"

    /// A kernel map's first axis is reconstructed energy (Gammapy's `EDispKernelMap.from_hdulist`).
    public static func checkAxes(_ map: WcsNDMap<Double>, file: String, hdu: String) throws {
        guard map.geom.axes.first?.name == "energy" else {
            throw IRFError(.invalidData, file: file, hdu: hdu,
                           message: "an energy-dispersion kernel map has 'energy' as first axis, got \(map.geom.axes.names)")
        }
    }

    public init(irfMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>?) {
        self.init(edispKernelMap: irfMap, exposureMap: exposureMap)
    }

    public var irfMap: WcsNDMap<Double> {
        get { edispKernelMap }
        set { edispKernelMap = newValue }
        _modify { yield &edispKernelMap }
    }
}
