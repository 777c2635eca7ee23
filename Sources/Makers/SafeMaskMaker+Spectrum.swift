import DL3
import Datasets
import GammaMaps
import IRF
import Sky

extension SafeMaskMaker {
    /// The on/off spectrum with its safe mask made (Gammapy's `SafeMaskMaker.run` on a
    /// `SpectrumDatasetOnOff`): the mask it has, and-ed with bins whose background α × counts_off
    /// is finite (Gammapy's `make_mask_bkg_invalid` for WStat datasets) and with each method —
    /// `offset-max` on the offset of the region's centre, `aeff-default`, and `aeff-max` and
    /// `edisp-bias` from the observation's IRFs (DL3) or from the spectrum's exposure and
    /// kernel (DL4). `bkg-peak` is not supported for spectra yet.
    public func run(_ onOff: SpectrumDatasetOnOff, observation: Observation?) throws -> SpectrumDatasetOnOff {
        if irfs == .dl3 && observation == nil { throw SafeMaskError("an observation is required with DL3 IRFs") }
        guard let geom = onOff.dataset.counts?.geom else {
            throw SafeMaskError("the spectrum '\(onOff.name)' has no counts to take the geometry from")
        }
        var mask = onOff.dataset.maskSafe?.data ?? [Bool](repeating: true, count: geom.dataCount)
        func and(_ other: [Bool]) {
            for i in mask.indices where !other[i] { mask[i] = false }
        }
        if onOff.countsOff != nil { and(onOff.npredBackground.data.map(\.isFinite)) }
        if methods.contains(.offsetMax) {
            let observation = try Self.requireObservation(observation, .offsetMax)
            let inside = geom.centerSkyDir.separation(to: try Self.pointing(observation)) < offsetMax
            and([Bool](repeating: inside, count: mask.count))
        }
        if methods.contains(.aeffDefault) {
            let aeff = try Self.requireObservation(observation, .aeffDefault).aeff()
            let lo = aeff.loThreshold.flatMap { $0 != 0 ? $0 : nil }, hi = aeff.hiThreshold.flatMap { $0 != 0 ? $0 : nil }
            and(try Self.energyMask(geom, min: lo, max: hi))
        }
        if methods.contains(.aeffMax) { and(try spectrumMaskAeffMax(onOff.dataset, geom, observation)) }
        if methods.contains(.edispBias) { and(try spectrumMaskEDispBias(onOff.dataset, geom, observation)) }
        if methods.contains(.bkgPeak) { throw SafeMaskError("method 'bkg-peak' is not supported for spectra yet") }
        var result = onOff
        result.dataset.maskSafe = try RegionNDMap<Bool>(geom: geom, data: mask)
        return result
    }

    private func spectrumMaskAeffMax(_ dataset: SpectrumDataset, _ geom: RegionGeom, _ observation: Observation?) throws -> [Bool] {
        if fixedOffset != nil && observation == nil {
            throw SafeMaskError("method 'aeff-max' with a fixed offset requires an observation")
        }
        if irfs == .dl3 { return try Self.energyMask(geom, min: try aeffMaxEnergyDL3(try Self.requireObservation(observation, .aeffMax))) }
        guard let exposure = dataset.exposure else {
            throw SafeMaskError("method 'aeff-max' with DL4 IRFs needs the dataset's exposure")
        }
        let axis = try exposure.geom.axes.axis(named: "energy_true")
        guard let energyMin = try aeffMaxEnergy(exposure: exposure.data, axis: axis, livetime: try dl4Livetime(exposure.meta, observation)) else {
            return [Bool](repeating: false, count: geom.dataCount)  // Gammapy warns and makes the whole mask false
        }
        return try Self.energyMask(geom, min: energyMin)
    }

    private func spectrumMaskEDispBias(_ dataset: SpectrumDataset, _ geom: RegionGeom, _ observation: Observation?) throws -> [Bool] {
        let kernel: EDispKernel
        if irfs == .dl3 {
            let observation = try Self.requireObservation(observation, .edispBias)
            kernel = try observation.edisp().toEDispKernel(offset: try dl3Offset(observation))
        } else {
            guard case .kernel(let map)? = dataset.edisp else {
                throw SafeMaskError("method 'edisp-bias' with DL4 IRFs needs the spectrum's energy-dispersion kernel")
            }
            let axes = map.edispKernelMap.geom.axes
            kernel = try EDispKernel(energyAxisTrue: try axes.axis(named: "energy_true"), energyAxis: try axes.axis(named: "energy"),
                                     data: map.edispKernelMap.data)
        }
        return try Self.energyMask(geom, min: try kernel.biasEnergy(biasPercent / 100))
    }
}
