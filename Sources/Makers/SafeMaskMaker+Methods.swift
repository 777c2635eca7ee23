import DL3
import Datasets
import Foundation
import GammaMaps
import IRF
import Sky

extension SafeMaskMaker {
    /// Gammapy's `geom.energy_mask(energy_min, energy_max)`: true for reconstructed-energy bins
    /// entirely inside [min, max] (TeV; nil leaves a side open), over the whole geometry.
    static func energyMask<G: MapGeometry>(_ geom: G, min: Double? = nil, max: Double? = nil) throws -> [Bool] {
        let axis = try geom.axes.axis(named: "energy")
        let fromTeV = UnitConversion.factor(from: "TeV", to: axis.unit.isEmpty ? "TeV" : axis.unit) ?? 1
        let edges = axis.edges
        let lo = min.map { $0 * fromTeV } ?? edges[0], hi = max.map { $0 * fromTeV } ?? edges[edges.count - 1]
        let inside = (0..<axis.nbin).map { edges[$0] >= lo && edges[$0 + 1] <= hi }
        let d = try geom.axes.dataIndex(of: "energy")
        let shape = geom.dataShape
        let stride = shape[(d + 1)...].reduce(1, *), count = geom.dataCount
        // block by block of one energy bin
        return [Bool](unsafeUninitializedCapacity: count) { out, initialized in
            for start in Swift.stride(from: 0, to: count, by: stride) {
                let value = inside[(start / stride) % shape[d]]
                for k in start..<Swift.min(start + stride, count) { out[k] = value }
            }
            initialized = count
        }
    }

    static func requireObservation(_ observation: Observation?, _ method: Method) throws -> Observation {
        guard let observation else { throw SafeMaskError("method '\(method.rawValue)' requires an observation") }
        return observation
    }

    static func pointing(_ observation: Observation) throws -> SkyCoord {
        try observation.pointingICRS(at: observation.tmid())
    }

    /// `offset-max`: pixels whose centre is closer than `offsetMax` to the pointing.
    func maskOffsetMax(_ geom: WcsGeom, _ observation: Observation?) throws -> [Bool] {
        let observation = try Self.requireObservation(observation, .offsetMax)
        // the exposure of the same observation has computed them
        let separation = IRFProjection.offsets(geom, from: try Self.pointing(observation))
        let image = separation.map { $0 < offsetMax }
        var mask: [Bool] = []
        mask.reserveCapacity(geom.dataCount)
        for _ in 0..<geom.axes.binCount { mask.append(contentsOf: image) }
        return mask
    }

    /// `aeff-default`: the LO_THRES–HI_THRES range of the effective area.
    func maskAeffDefault<G: MapGeometry>(_ geom: G, _ observation: Observation?) throws -> [Bool] {
        let aeff = try Self.requireObservation(observation, .aeffDefault).aeff()
        // Gammapy tests the keywords' truth: absent or zero leaves the side open
        let lo = aeff.loThreshold.flatMap { $0 != 0 ? $0 : nil }, hi = aeff.hiThreshold.flatMap { $0 != 0 ? $0 : nil }
        return try Self.energyMask(geom, min: lo, max: hi)
    }

    /// The offset from the pointing at which DL3 IRFs are evaluated (Gammapy's `_get_offset`).
    func dl3Offset(_ observation: Observation) throws -> Double {
        if let fixedOffset { return fixedOffset }
        if let position { return try Self.pointing(observation).separation(to: position) }
        return 0
    }

    /// Where DL4 IRFs are looked up (Gammapy's `_get_position`): `fixedOffset` north of the
    /// pointing, else `position`, else the map centre.
    func dl4Position(_ observation: Observation?, _ geom: WcsGeom) throws -> SkyCoord {
        if let fixedOffset, let observation {
            return try Self.pointing(observation).directionalOffset(positionAngle: 0, separation: fixedOffset)
        }
        return position ?? geom.centerSkyDir
    }

    /// `aeff-max`: bins above the true energy where the effective area reaches `aeffPercent` % of
    /// its maximum.
    func maskAeffMax(_ dataset: MapDataset<WcsGeom>, _ geom: WcsGeom, _ observation: Observation?) throws -> [Bool] {
        try maskAeffMax(geom, observation) {
            guard let exposure = dataset.exposure else {
                throw SafeMaskError("method 'aeff-max' with DL4 IRFs needs the dataset's exposure map")
            }
            let spectrum = try exposure.toRegionNDMap(at: try dl4Position(observation, geom)).data
            return (spectrum, try exposure.geom.axes.axis(named: "energy_true"), exposure.meta)
        }
    }

    /// `aeff-max` on any geometry: from the observation's effective area (DL3) or from the
    /// exposure spectrum, true-energy axis and meta that `dl4Exposure` looks up (DL4).
    func maskAeffMax<G: MapGeometry>(_ geom: G, _ observation: Observation?,
                                     dl4Exposure: () throws -> (spectrum: [Double], axis: MapAxis, meta: [String: String])) throws -> [Bool] {
        if fixedOffset != nil && observation == nil {
            throw SafeMaskError("method 'aeff-max' with a fixed offset requires an observation")
        }
        if irfs == .dl3 { return try Self.energyMask(geom, min: try aeffMaxEnergyDL3(try Self.requireObservation(observation, .aeffMax))) }
        let exposure = try dl4Exposure()
        guard let energyMin = try aeffMaxEnergy(exposure: exposure.spectrum, axis: exposure.axis,
                                                livetime: try dl4Livetime(exposure.meta, observation)) else {
            // Gammapy warns and makes the whole mask false
            return [Bool](repeating: false, count: geom.dataCount)
        }
        return try Self.energyMask(geom, min: energyMin)
    }

    /// The DL3 `aeff-max` threshold (TeV): where the observation's effective area at
    /// `dl3Offset` reaches `aeffPercent` % of its maximum.
    func aeffMaxEnergyDL3(_ observation: Observation) throws -> Double {
        let aeff = try observation.aeff()
        let offset = try dl3Offset(observation)
        guard let threshold = try aeff.energyThreshold(percentOfMaximum: aeffPercent, offset: offset) else {
            throw SafeMaskError("observation \(observation.obsID): no effective area above \(aeffPercent) % of its maximum at offset \(offset) deg")
        }
        let toTeV = UnitConversion.factor(from: aeff.energyAxisTrue.unit.isEmpty ? "TeV" : aeff.energyAxisTrue.unit, to: "TeV") ?? 1
        return threshold * toTeV
    }

    /// The live time behind a DL4 exposure: Gammapy reads the exposure meta 'livetime' its map
    /// maker records; without it, the observation's live time (what that meta would hold).
    func dl4Livetime(_ meta: [String: String], _ observation: Observation?) throws -> Double {
        if let text = meta["livetime"] {
            guard let seconds = Self.seconds(text) else {
                throw SafeMaskError("cannot read the exposure meta 'livetime' = '\(text)' as a time")
            }
            return seconds
        } else if let observation {
            return try observation.liveTime()
        }
        throw SafeMaskError("method 'aeff-max' with DL4 IRFs needs the exposure meta 'livetime' or an observation")
    }

    /// The DL4 `aeff-max` threshold (TeV) from an exposure spectrum (m² s per `axis` bin) and the
    /// live time: where the effective area, interpolated log-log as Gammapy's
    /// TemplateSpectralModel, first reaches `aeffPercent` % of its maximum; nil without any
    /// positive effective area.
    func aeffMaxEnergy(exposure spectrum: [Double], axis: MapAxis, livetime: Double) throws -> Double? {
        let aeff = spectrum.map { $0 / livetime }
        guard aeff.contains(where: { $0 > 0 }) else { return nil }
        let toTeV = UnitConversion.factor(from: axis.unit.isEmpty ? "TeV" : axis.unit, to: "TeV") ?? 1
        let energies = axis.centers.map { $0 * toTeV }
        // Gammapy's TemplateSpectralModel: log-log interpolation, extrapolated, clipped at 0
        let model = try ScaledRegularGridInterpolator(points: [energies], values: aeff, pointsScale: [.log], valuesScale: .log,
                                                      method: energies.count == 1 ? .nearest : .linear)
        var energyMin = energies[aeff.firstIndex { $0 > 0 }!]
        let energyMax = energies[energies.count - 1]
        let threshold = aeffPercent / 100 * (aeff.max() ?? 0)
        let root = firstRoot(of: { x in
            let y = (try? model([ShapedArray(scalar: x)]).values[0]) ?? .nan
            return 1e12 * (y - threshold)
        }, lower: energyMin, upper: energyMax, logScale: true)
        if !root.isNaN { energyMin = root }
        return energyMin
    }

    /// `edisp-bias`: bins above the energy where the bias reaches `biasPercent` %.
    func maskEDispBias(_ dataset: MapDataset<WcsGeom>, _ geom: WcsGeom, _ observation: Observation?) throws -> [Bool] {
        try maskEDispBias(geom, observation) {
            guard let edisp = dataset.edisp else {
                throw SafeMaskError("method 'edisp-bias' with DL4 IRFs needs the dataset's energy dispersion map")
            }
            let position = try dl4Position(observation, geom)
            switch edisp {
            case .kernel(let map):
                return try map.edispKernel(at: position, nearestValid: true)
            case .migra(let map):
                // Gammapy: the nearest pixel's densities, integrated into a kernel (no validity check)
                let kernels = try map.toEDispKernelMap(energyAxis: geom.axes.axis(named: "energy"))
                return try kernels.edispKernel(at: position, nearestValid: false)
            }
        }
    }

    /// `edisp-bias` on any geometry: the kernel of the observation's energy dispersion at
    /// `dl3Offset` (DL3), or the one `dl4Kernel` looks up in the dataset (DL4).
    func maskEDispBias<G: MapGeometry>(_ geom: G, _ observation: Observation?, dl4Kernel: () throws -> EDispKernel) throws -> [Bool] {
        if fixedOffset != nil && observation == nil {
            throw SafeMaskError("method 'edisp-bias' with a fixed offset requires an observation")
        }
        let kernel: EDispKernel
        if irfs == .dl3 {
            let observation = try Self.requireObservation(observation, .edispBias)
            kernel = try observation.edisp().toEDispKernel(offset: try dl3Offset(observation))
        } else {
            kernel = try dl4Kernel()
        }
        return try Self.energyMask(geom, min: try kernel.biasEnergy(biasPercent / 100))
    }

    /// `bkg-peak`: bins above the lower edge of the bin where the background spectrum peaks.
    func maskBkgPeak(_ dataset: MapDataset<WcsGeom>, _ geom: WcsGeom, _ observation: Observation?) throws -> [Bool] {
        let spectrum: [Double]
        let axis: MapAxis
        if irfs == .dl3 {
            let observation = try Self.requireObservation(observation, .bkgPeak)
            let bkg2D: Background2D
            switch try observation.bkg() {
            case .bkg3D(let bkg): bkg2D = try bkg.to2D()
            case .bkg2D(let bkg): bkg2D = bkg
            default: throw SafeMaskError("observation \(observation.obsID): no background IRF")
            }
            spectrum = try bkg2D.integral(toOffset: bkg2D.offsetAxis.bounds.upper)
            axis = bkg2D.energyAxis
        } else {
            guard let npred = try dataset.npredBackground() else {
                throw SafeMaskError("method 'bkg-peak' with DL4 IRFs needs the dataset's background map")
            }
            // the spectrum summed over the map (NaN skipped)
            axis = try geom.axes.axis(named: "energy")
            let d = try npred.geom.axes.dataIndex(of: "energy")
            let shape = npred.dataShape
            let stride = shape[(d + 1)...].reduce(1, *)
            var sums = [Double](repeating: 0, count: axis.nbin)
            for (k, v) in npred.data.enumerated() where !v.isNaN { sums[(k / stride) % shape[d]] += v }
            spectrum = sums
        }
        // numpy's argmax: the first maximum, the first NaN if any
        var peak = 0
        for i in spectrum.indices {
            if spectrum[i].isNaN { peak = i; break }
            if spectrum[i] > spectrum[peak] { peak = i }
        }
        let toTeV = UnitConversion.factor(from: axis.unit.isEmpty ? "TeV" : axis.unit, to: "TeV") ?? 1
        return try Self.energyMask(geom, min: axis.edges[peak] * toTeV)
    }

    /// Seconds in a quantity written as astropy does (`"1581.26466581225 s"`).
    static func seconds(_ text: String) -> Double? {
        let parts = text.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let value = Double(first) else { return nil }
        let unit = parts.count > 1 ? String(parts[1]) : "s"
        return UnitConversion.factor(from: unit, to: "s").map { value * $0 }
    }
}
