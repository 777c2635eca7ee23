import Datasets
import DL3
import Foundation
import GammaMaps
import Makers
import Sky
import Synchronization

/// What Gammapy's `Analysis.get_datasets()` does for `datasets.type: 1d`: a spectrum in the ON
/// region for each observation — SpectrumDatasetMaker (counts, exposure, edisp; containment
/// correction as configured), then the reflected-regions background (observations without an
/// OFF region are left out, as Gammapy does), then the safe mask — one on/off spectrum per
/// observation named by its id, or all of them stacked into "stacked".
public struct SpectrumReduction: Sendable {
    public let reference: SpectrumDataset
    public let spectrumMaker: SpectrumDatasetMaker
    public let backgroundMaker: ReflectedRegionsBackgroundMaker
    public let safeMaskMaker: SafeMaskMaker
    public let stack: Bool

    public init(config: AnalysisConfig, warningHandler: @escaping @Sendable (String) -> Void) throws {
        let settings = config.datasets
        guard settings.type == .spectrum else { throw ConfigError(key: "datasets.type", "a spectrum reduction needs type: 1d") }
        let on = settings.onRegion
        guard let frame = on.frame else {
            throw ConfigError(key: "datasets.on_region.frame", "the ON region needs a frame: icrs or galactic")
        }
        guard let lon = on.lon, let lat = on.lat else { throw ConfigError(key: "datasets.on_region", "the ON region needs lon and lat") }
        let center = SkyCoord(lon: lon, lat: lat, frame: frame)
        // Our extension: an ON region without radius is a point, sized by RAD_MAX (point-like IRFs).
        let region = on.radius.map { SkyRegion(.circle(center: center, radius: $0)) } ?? SkyRegion(.point(center: center))
        guard let energy = try ReductionPlan.energyAxis(settings.geom.energy, name: "energy") else {
            throw ConfigError(key: "datasets.geom.axes.energy", "min, max and nbins are needed for the energy axis")
        }
        let energyTrue = try ReductionPlan.energyAxis(settings.geom.energyTrue, name: "energy_true")
        reference = try SpectrumDataset.create(geom: try RegionGeom(region: region, axes: [energy]), energyAxisTrue: energyTrue)
        spectrumMaker = try SpectrumDatasetMaker(selection: [.counts, .exposure, .edisp],
                                                 containmentCorrection: settings.containmentCorrection && on.radius != nil,
                                                 useRegionCenter: settings.useRegionCenter, warningHandler: warningHandler)
        backgroundMaker = try Self.backgroundMaker(config, warningHandler: warningHandler)
        safeMaskMaker = try ReductionPlan.safeMaskMaker(settings.safeMask)
        stack = settings.stack
    }

    /// The on/off spectra of `observations`, in their order (see the type's description). The
    /// observations are reduced `jobs` at a time; the result does not depend on it.
    /// - Throws: `ConfigError` naming `datasets.on_region` when the ON region is outside every
    ///   observation's field of view, `datasets.background` when no observation has an OFF region.
    /// `onObservation` hears of each observation when it is done (from the worker thread). With
    /// `skipFailed` an observation that cannot be reduced is reported as failed and left out.
    public func run(observations: [Observation], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    onObservation: (@Sendable (ObservationReport) -> Void)? = nil, skipFailed: Bool = false,
                    warningHandler: @escaping @Sendable (String) -> Void) throws -> [SpectrumDatasetOnOff] {
        try combine(outcomes(observations: observations, jobs: jobs, onObservation: onObservation, skipFailed: skipFailed,
                             warningHandler: warningHandler))
    }

    /// What became of each of `observations`, in their order (see `run`).
    public func outcomes(observations: [Observation], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                         onObservation: (@Sendable (ObservationReport) -> Void)? = nil, skipFailed: Bool = false,
                         warningHandler: @escaping @Sendable (String) -> Void) throws -> [Outcome] {
        let results = Mutex<[Result<Outcome, any Error>?]>(Array(repeating: nil, count: observations.count))
        concurrentForEach(count: observations.count, workers: jobs) { i in
            let start = DispatchTime.now()
            let livetime = (try? observations[i].liveTime()) ?? .nan
            var result = Result { try reduce(observations[i], warningHandler: warningHandler) }
            if skipFailed, case .failure(let error) = result { result = .success(.failed("\(error)")) }
            results.withLock { $0[i] = result }
            if let onObservation, case .success(let outcome) = result {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                onObservation(ObservationReport(obsID: observations[i].obsID, outcome: outcome.report, counts: outcome.counts,
                                                livetime: livetime, seconds: seconds, total: observations.count))
            }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }

    /// The output of the observations' `outcomes`: their spectra, or them stacked.
    public func combine(_ outcomes: [Outcome]) throws -> [SpectrumDatasetOnOff] {
        var spectra: [SpectrumDatasetOnOff] = []
        var outside: [Double] = []
        for outcome in outcomes {
            switch outcome {
            case .spectrum(let spectrum): spectra.append(spectrum)
            case .outsideFieldOfView(let offset): outside.append(offset)
            case .noOffRegion, .failed: break
            }
        }
        if spectra.isEmpty, !outcomes.isEmpty, outside.count == outcomes.count, let nearest = outside.min() {
            throw ConfigError(key: "datasets.on_region",
                              "the ON region is outside the field of view of every selected observation (the nearest pointing is \(String(format: "%.2f", nearest))° from its centre)")
        }
        guard !spectra.isEmpty else {
            throw ConfigError(key: "datasets.background", "no observation has an OFF region outside the exclusion mask: nothing to write")
        }
        guard stack, let first = spectra.first else { return spectra }
        var stacked = try first.toMasked(name: "stacked")
        for spectrum in spectra.dropFirst() { try stacked.stack(spectrum) }
        return [stacked]
    }

    /// What became of one observation.
    public enum Outcome: Sendable {
        case spectrum(SpectrumDatasetOnOff)
        /// The ON region's centre is this many degrees from the pointing, beyond the IRFs' offsets.
        case outsideFieldOfView(Double)
        case noOffRegion
        /// It could not be reduced (`skipFailed`): why.
        case failed(String)

        public var report: ObservationReport.Outcome {
            switch self {
            case .spectrum: .reduced
            case .outsideFieldOfView: .skipped("the ON region is outside its field of view")
            case .noOffRegion: .skipped("no OFF region")
            case .failed(let why): .failed(why)
            }
        }

        var counts: Double {
            if case .spectrum(let spectrum) = self, let counts = spectrum.dataset.counts { return NumpyCompat.sum(counts.data) }
            return 0
        }
    }

    /// One observation's on/off spectrum. Left out, with a warning: an observation without OFF
    /// region (as Gammapy does), and one whose effective area does not reach the ON region
    /// (Gammapy makes an empty spectrum of it; here it would only cost the finder's time).
    private func reduce(_ observation: Observation, warningHandler: @Sendable (String) -> Void) throws -> Outcome {
        defer { observation.releaseData() }
        if let center = reference.counts?.geom.region?.center {
            let offset = try observation.pointingICRS(at: observation.tmid()).separation(to: center)
            let reach = try observation.aeff().offsetAxis.bounds.upper
            if offset > reach {
                warningHandler("observation \(observation.obsID): the ON region's centre is \(String(format: "%.2f", offset))° from the pointing, outside the \(String(format: "%.2f", reach))° its effective area covers; the observation is left out")
                return .outsideFieldOfView(offset)
            }
        }
        let spectrum = try spectrumMaker.run(reference.copy(name: String(observation.obsID)), observation: observation)
        let onOff = try backgroundMaker.run(spectrum, observation: observation)
        guard onOff.countsOff != nil else {
            warningHandler("observation \(observation.obsID): no OFF region found; the observation is left out, as Gammapy does")
            return .noOffRegion
        }
        return .spectrum(try safeMaskMaker.run(onOff, observation: observation))
    }

    /// Gammapy's `ReflectedRegionsBackgroundMaker(exclusion_mask=..., **parameters)`; our
    /// extension `regions_finder: wobble` with `n_off_regions` uses the wobble finder instead.
    static func backgroundMaker(_ config: AnalysisConfig, warningHandler: @escaping @Sendable (String) -> Void) throws -> ReflectedRegionsBackgroundMaker {
        let settings = config.datasets.background
        guard settings.method == .reflected else {
            throw ConfigError(key: "datasets.background.method",
                              "1D reductions support the reflected-regions background only (method: reflected), got \(settings.method.map { "'\($0.rawValue)'" } ?? "null")")
        }
        guard case .reflected(let parameters) = settings.settings else {
            throw ConfigError(key: "datasets.background.parameters", "the reflected-regions parameters were not decoded")
        }
        let finder: any RegionsFinder
        do {
            switch parameters.finder {
            case .reflected(let angleIncrement, let minDistance, let minDistanceInput, let maxRegionNumber):
                finder = try ReflectedRegionsFinder(angleIncrement: angleIncrement, minDistance: minDistance, minDistanceInput: minDistanceInput,
                                                    maxRegionNumber: maxRegionNumber, binsz: parameters.binsz)
            case .wobble(let n):
                finder = try WobbleRegionsFinder(nOffRegions: n, binsz: parameters.binsz, warningHandler: warningHandler)
            }
        } catch let error as RegionsFinderError {
            throw ConfigError(key: "datasets.background.parameters", error.message)
        }
        let exclusion = try ReductionPlan.exclusionMask(config)
        return try ReflectedRegionsBackgroundMaker(finder: finder, exclusionMask: exclusion, warningHandler: warningHandler)
    }
}
