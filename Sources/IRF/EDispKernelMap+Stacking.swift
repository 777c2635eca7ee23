import GammaMaps

extension EDispKernelMap {
    /// Adds `other` into this kernel map weighted by exposure (Gammapy's `IRFMap.stack`), in
    /// place; see `PSFMap.stack`. `weights` is `other`'s safe mask on its kernel geometry with
    /// `energy_true` squashed (`MapDataset.maskSafeEDisp`): a reconstructed-energy bin outside the
    /// safe range does not contribute to that column of the kernel; the exposure map is weighted
    /// by the mask reduced over energy.
    public mutating func stack(_ other: EDispKernelMap, weights: WcsNDMap<Bool>?, float32: Bool, otherFloat32: Bool) throws {
        guard var exposure = exposureMap, let otherExposure = other.exposureMap else {
            throw IRFError(.invalidArgument, file: "", hdu: "EDISP", message: "missing exposure map for EDispKernelMap.stack")
        }
        exposureMap = nil  // `exposure` is now the only owner: stacked in place, not copied
        defer { exposureMap = exposure }
        try IRFMapStacking.stack(irf: &edispKernelMap, exposure: &exposure, other: other.edispKernelMap,
                                 otherExposure: otherExposure, weights: weights, squashedAxis: "energy",
                                 precision: .init(irf: float32, exposure: float32, otherIRF: otherFloat32, otherExposure: otherFloat32))
    }
}
