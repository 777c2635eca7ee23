import GammaMaps

/// Energy-dispersion kernels at every position of a (coarse) sky map (Gammapy's
/// `EDispKernelMap`): `edispKernelMap` on axes (lon, lat, energy, energy_true) holds, for each
/// true-energy bin, the probability of each reconstructed-energy bin; `exposureMap` (lon, lat,
/// 1-bin energy, energy_true), in m² s, weights the stacking.
public struct EDispKernelMap: Sendable {
    public var edispKernelMap: WcsNDMap<Double>
    public var exposureMap: WcsNDMap<Double>?

    public init(edispKernelMap: WcsNDMap<Double>, exposureMap: WcsNDMap<Double>? = nil) {
        self.edispKernelMap = edispKernelMap
        self.exposureMap = exposureMap
    }
}
