import GammaMaps
import IRF

extension MapDataset<RegionGeom> {
    /// Stacks `other` (the same region and axes) into this spectrum, as Gammapy's
    /// `MapDataset.stack`: counts added inside `other`'s safe mask; exposure added when `other`
    /// has a safe bin (its live time summed then); the energy-dispersion kernel averaged weighted
    /// by exposure, each reconstructed-energy bin only where `other` is safe there; safe masks
    /// or'ed; GTIs merged; meta rows appended. Values round as float32 in a float32 spectrum (one
    /// made by `create`), as numpy does.
    public mutating func stack(_ other: SpectrumDataset) throws {
        let float32 = precision == .float32
        func round(_ v: Double, _ toFloat: Bool) -> Double { toFloat ? Double(Float(v)) : v }
        let safe = other.maskSafe?.data
        let anySafe = safe?.contains(true) ?? true
        if var counts, let otherCounts = other.counts {
            try Self.requireSameShape(counts.data, otherCounts.data, "counts", name, other.name)
            // counts are float32 in Gammapy whatever the dataset
            for k in counts.data.indices where safe?[k] ?? true { counts.data[k] = Double(Float(counts.data[k]) + Float(otherCounts.data[k])) }
            self.counts = counts
        }
        if var exposure, let otherExposure = other.exposure {
            try Self.requireSameShape(exposure.data, otherExposure.data, "exposure", name, other.name)
            if anySafe {
                for k in exposure.data.indices { exposure.data[k] = round(exposure.data[k] + round(otherExposure.data[k], float32), float32) }
                if let livetime = otherExposure.meta["livetime"] {
                    exposure.meta["livetime"] = try MapDataset<WcsGeom>.sumQuantities(exposure.meta["livetime"], livetime)
                }
            }
            self.exposure = exposure
        }
        if case .kernel(var kernel)? = edisp, case .kernel(let otherKernel)? = other.edisp {
            try Self.stackKernel(&kernel, otherKernel, safe: safe, float32: float32, otherFloat32: other.precision == .float32)
            edisp = .kernel(kernel)
        }
        if var mask = maskSafe, let otherMask = other.maskSafe {
            for k in mask.data.indices where otherMask.data[k] { mask.data[k] = true }
            maskSafe = mask
        }
        if let gti, let otherGTI = other.gti { self.gti = gti.stacked(with: otherGTI).union() }
        metaTable += other.metaTable
    }

    /// Gammapy's `IRFMap.stack` for one kernel: kernel ← (kernel · exposure + w · kernel′ ·
    /// exposure′) / (exposure + w′ · exposure′), w the safe mask of reconstructed bin r, w′ whether
    /// any bin is safe; NaN → 0.
    static func stackKernel(_ kernel: inout EDispKernelMap<RegionGeom>, _ other: EDispKernelMap<RegionGeom>, safe: [Bool]?,
                            float32: Bool, otherFloat32: Bool) throws {
        guard var exposure = kernel.exposureMap, let otherExposure = other.exposureMap else {
            throw DatasetError(.incompatible, subject: "edisp", message: "missing exposure map for EDispKernelMap.stack")
        }
        func round(_ v: Double, _ toFloat: Bool) -> Double { toFloat ? Double(Float(v)) : v }
        let nE = try kernel.edispKernelMap.geom.axes.axis(named: "energy").nbin
        guard kernel.edispKernelMap.data.count == other.edispKernelMap.data.count, exposure.data.count == otherExposure.data.count,
              exposure.data.count * nE == kernel.edispKernelMap.data.count else {
            throw DatasetError(.incompatible, subject: "edisp", message: "the energy-dispersion kernels' shapes differ")
        }
        let oldExposure = exposure.data
        let anySafe = safe?.contains(true) ?? true
        for t in exposure.data.indices where anySafe {
            exposure.data[t] = round(exposure.data[t] + round(otherExposure.data[t], float32), float32)
        }
        let productFloat32 = otherFloat32
        for t in exposure.data.indices {
            for r in 0..<nE {
                let k = t * nE + r
                var value = round(kernel.edispKernelMap.data[k] * oldExposure[t], float32)
                var x = round(other.edispKernelMap.data[k] * otherExposure.data[t], productFloat32)
                if float32 { x = Double(Float(x)) }
                if !x.isFinite { x = 0 }
                if !(safe?[r] ?? true) { x *= 0 }
                value = round(value + x, float32)
                var result = round(value / exposure.data[t], float32)
                if result.isNaN { result = 0 }
                kernel.edispKernelMap.data[k] = result
            }
        }
        kernel.exposureMap = exposure
    }

    static func requireSameShape(_ a: [Double], _ b: [Double], _ what: String, _ name: String, _ other: String) throws {
        guard a.count == b.count else {
            throw DatasetError(.incompatible, subject: "stacking '\(other)' into '\(name)'", message: "the \(what) spectra have different binning")
        }
    }
}

extension MapDatasetOnOff<RegionGeom> {
    /// Stacks `other` into this on/off spectrum, as Gammapy's `MapDatasetOnOff.stack`: OFF counts
    /// and α · OFF counts added (`other`'s inside its safe mask), acceptance likewise, the new
    /// acceptance_off = acceptance · OFF / (α · OFF) — where the stacked OFF counts are zero,
    /// acceptance / ⟨α⟩ with ⟨α⟩ = Σ α · OFF / Σ OFF — then the ON spectrum stacked. The on/off
    /// maps are float32, as Gammapy's `Map.from_geom`.
    public mutating func stack(_ other: SpectrumDatasetOnOff) throws {
        guard let geom = dataset.counts?.geom else {
            throw DatasetError(.missing, subject: "stacking '\(other.name)' into '\(name)'", message: "the spectrum has no counts")
        }
        let n = geom.dataCount
        guard other.acceptance.data.count == n, acceptance.data.count == n else {
            throw DatasetError(.incompatible, subject: "stacking '\(other.name)' into '\(name)'", message: "the spectra have different binning")
        }
        let safe = other.dataset.maskSafe?.data
        func f(_ v: Double) -> Double { Double(Float(v)) }
        var totalOff = [Double](repeating: 0, count: n), totalAlpha = totalOff, totalAcceptance = totalOff
        for k in 0..<n {
            totalAcceptance[k] = f(totalAcceptance[k] + f(acceptance.data[k]))
            if safe?[k] ?? true { totalAcceptance[k] = f(totalAcceptance[k] + f(other.acceptance.data[k])) }
        }
        let ownAlpha = alpha.data, otherAlpha = other.alpha.data
        if let off = countsOff?.data {
            for k in 0..<n {
                totalOff[k] = f(totalOff[k] + f(off[k]))
                totalAlpha[k] = f(totalAlpha[k] + f(ownAlpha[k] * off[k]))
            }
        }
        if let off = other.countsOff?.data {
            for k in 0..<n where safe?[k] ?? true {
                totalOff[k] = f(totalOff[k] + f(off[k]))
                totalAlpha[k] = f(totalAlpha[k] + f(otherAlpha[k] * off[k]))
            }
        }
        let averageAlpha = f(Double(NumpyCompat.sum(totalAlpha.map { Float($0) })) / Double(NumpyCompat.sum(totalOff.map { Float($0) })))
        var newAcceptanceOff = [Double](repeating: 0, count: n)
        for k in 0..<n {
            newAcceptanceOff[k] = totalOff[k] == 0 ? f(totalAcceptance[k] / averageAlpha) : f(f(totalAcceptance[k] * totalOff[k]) / totalAlpha[k])
        }
        acceptance = try RegionNDMap(geom: acceptance.geom, data: totalAcceptance, unit: acceptance.unit)
        acceptanceOff = try RegionNDMap(geom: geom, data: newAcceptanceOff, unit: acceptanceOff.unit)
        countsOff = try RegionNDMap(geom: geom, data: totalOff, unit: countsOff?.unit ?? other.countsOff?.unit ?? "")
        try dataset.stack(other.dataset)
    }
}

extension MapDatasetOnOff<RegionGeom> {
    /// The spectrum with its safe mask applied (Gammapy's `to_masked`): stacked into an empty
    /// float32 on/off spectrum on the same geometries, so what lies outside the safe mask is dropped.
    public func toMasked(name: String? = nil) throws -> SpectrumDatasetOnOff {
        guard let geom = dataset.counts?.geom else {
            throw DatasetError(.missing, subject: "to_masked of '\(self.name)'", message: "the spectrum has no counts")
        }
        let energyTrue = try dataset.exposure.map { try $0.geom.axes.axis(named: "energy_true") }
        var masked = SpectrumDatasetOnOff(dataset: try SpectrumDataset.create(geom: geom, energyAxisTrue: energyTrue, name: name),
                                          countsOff: .fromGeom(geom), acceptance: .fromGeom(geom), acceptanceOff: .fromGeom(geom))
        try masked.stack(self)
        return masked
    }
}
