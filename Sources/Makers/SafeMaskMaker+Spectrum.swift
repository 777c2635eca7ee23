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
        func and(_ other: [Bool]) { MaskLogic.formAnd(&mask, other) }
        if onOff.countsOff != nil { and(onOff.npredBackground.data.map(\.isFinite)) }
        if methods.contains(.offsetMax) {
            let observation = try Self.requireObservation(observation, .offsetMax)
            let inside = geom.centerSkyDir.separation(to: try Self.pointing(observation)) < offsetMax
            and([Bool](repeating: inside, count: mask.count))
        }
        if methods.contains(.aeffDefault) { and(try maskAeffDefault(geom, observation)) }
        if methods.contains(.aeffMax) {
            and(try maskAeffMax(geom, observation) {
                guard let exposure = onOff.dataset.exposure else {
                    throw SafeMaskError("method 'aeff-max' with DL4 IRFs needs the dataset's exposure")
                }
                return (exposure.data, try exposure.geom.axes.axis(named: "energy_true"), exposure.meta)
            })
        }
        if methods.contains(.edispBias) {
            and(try maskEDispBias(geom, observation) {
                guard case .kernel(let map)? = onOff.dataset.edisp else {
                    throw SafeMaskError("method 'edisp-bias' with DL4 IRFs needs the spectrum's energy-dispersion kernel")
                }
                let axes = map.edispKernelMap.geom.axes
                return try EDispKernel(energyAxisTrue: try axes.axis(named: "energy_true"), energyAxis: try axes.axis(named: "energy"),
                                       data: map.edispKernelMap.data)
            })
        }
        if methods.contains(.bkgPeak) { throw SafeMaskError("method 'bkg-peak' is not supported for spectra yet") }
        var result = onOff
        result.dataset.maskSafe = try RegionNDMap<Bool>(geom: geom, data: mask)
        return result
    }
}
