import GammaMaps

extension EDispMap {
    /// Adds `other` into this migration map weighted by exposure (Gammapy's `IRFMap.stack`), in
    /// place; see `PSFMap.stack`. The migration densities are float64 in Gammapy whatever the
    /// dataset (only the exposure maps follow `float32` / `otherFloat32`). `weights` is `other`'s
    /// safe mask on its geometry with migra and energy_true squashed (`MapDataset.maskSafeEDisp`).
    public mutating func stack(_ other: EDispMap, weights: WcsNDMap<Bool>?, float32: Bool, otherFloat32: Bool) throws {
        guard var exposure = exposureMap, let otherExposure = other.exposureMap else {
            throw IRFError(.invalidArgument, file: "", hdu: "EDISP", message: "missing exposure map for EDispMap.stack")
        }
        exposureMap = nil  // `exposure` is now the only owner: stacked in place, not copied
        defer { exposureMap = exposure }
        try IRFMapStacking.stack(irf: &edispMap, exposure: &exposure, other: other.edispMap, otherExposure: otherExposure,
                                 weights: weights, squashedAxis: "migra",
                                 precision: .init(irf: false, exposure: float32, otherIRF: false, otherExposure: otherFloat32))
    }
}
