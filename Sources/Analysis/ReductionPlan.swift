import Datasets
import Foundation
import GammaMaps
import Makers
import Sky

/// What Gammapy's `Analysis.get_datasets` builds from a configuration for a 3D reduction: the
/// reference dataset ("stacked") on the configured geometry and the chain of makers
/// (MapDatasetMaker → SafeMaskMaker → background maker), run by a `DatasetsMaker` that cuts
/// each observation out around its pointing, 2 × `selection.offset_max` wide, mode "trim".
public struct ReductionPlan: Sendable {
    /// The geometries of the reference dataset ("stacked"): what the observations are cut from.
    public let referenceGeometries: MapDatasetGeoms
    public let datasetsMaker: DatasetsMaker
    public let stack: Bool
    /// Unstacked ring backgrounds: the maker applied to each observation's dataset after the
    /// chain, whose on/off datasets (Gammapy's MapDatasetOnOff) are the output.
    public let onOffMaker: (any OnOffBackgroundMaker)?

    public init(config: AnalysisConfig, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                warningHandler: @escaping @Sendable (String) -> Void) throws {
        let settings = config.datasets
        guard settings.type == .cube else {
            throw ConfigError(key: "datasets.type", "a 3D reduction plan needs type: 3d (type: 1d is a SpectrumReduction)")
        }
        referenceGeometries = try Self.referenceGeometries(config)
        var makers: [any DatasetMaker<WcsGeom>] = [try MapDatasetMaker(selection: Set(settings.mapSelection))]
        makers.append(try Self.safeMaskMaker(settings.safeMask))
        stack = settings.stack
        let ring = try Self.ringMaker(config)
        // The ring runs last in Gammapy's chain, on each observation's cutout: the same after it.
        onOffMaker = stack ? nil : ring
        if let ring {
            if stack { makers.append(ring.chainLink) }
        } else if let background = try Self.backgroundMaker(config, warningHandler: warningHandler) {
            makers.append(background)
        }
        datasetsMaker = DatasetsMaker(makers: makers, stackDatasets: settings.stack, cutoutMode: .trim,
                                      cutoutWidth: 2 * settings.geom.offsetMax, parallelism: jobs, warningHandler: warningHandler)
    }

    /// Gammapy's `_make_energy_axis`: log bins between min and max in min's unit; nil when a
    /// bound or the bin count is missing.
    static func energyAxis(_ axis: EnergyAxisConfig, name: String) throws -> MapAxis? {
        guard let min = axis.min, let max = axis.max, let nbins = axis.nbins, nbins >= 1 else { return nil }
        return try MapAxis.fromBounds(min.value, max.value(in: min.unit), nbin: nbins, name: name, unit: min.unit, interp: .log)
    }

    /// The reference dataset: empty, named "stacked", on `referenceGeometries` (Gammapy's
    /// `MapDataset.create`).
    public func makeReference() throws -> MapDataset<WcsGeom> {
        try MapDataset<WcsGeom>.fromGeoms(referenceGeometries, name: "stacked")
    }

    static func referenceGeometries(_ config: AnalysisConfig) throws -> MapDatasetGeoms {
        let geomSettings = config.datasets.geom
        guard let energy = try energyAxis(geomSettings.energy, name: "energy") else {
            throw ConfigError(key: "datasets.geom.axes.energy", "min, max and nbins are needed for the energy axis")
        }
        let wcs = geomSettings.wcs
        guard let frame = wcs.skydir.frame else {
            throw ConfigError(key: "datasets.geom.wcs.skydir.frame", "the sky direction needs a frame: icrs or galactic")
        }
        guard let lon = wcs.skydir.lon, let lat = wcs.skydir.lat else {
            throw ConfigError(key: "datasets.geom.wcs.skydir", "the sky direction needs lon and lat")
        }
        let geom: WcsGeom
        do {
            geom = try WcsGeom.create(skydir: SkyCoord(lon: lon, lat: lat, frame: frame),
                                      width: LonLat(lon: wcs.width, lat: wcs.height), binsz: LonLat(wcs.binsize),
                                      frame: frame, proj: "CAR", axes: [energy])
        } catch {
            throw ConfigError(key: "datasets.geom.wcs", "\(error)")
        }
        let energyTrue = try energyAxis(geomSettings.energyTrue, name: "energy_true")
        return try MapDatasetGeoms.create(geom: geom, energyAxisTrue: energyTrue, binszIRF: wcs.binsizeIRF)
    }

    static func safeMaskMaker(_ settings: SafeMaskConfig) throws -> SafeMaskMaker {
        let parameters = MakerParameters(values: settings.parameters, section: "datasets.safe_mask.parameters")
        try parameters.check(allowed: ["aeff_percent", "bias_percent", "fixed_offset", "offset_max", "irfs"])
        var irfs = SafeMaskMaker.IRFs.dl4
        if let name = try parameters.string("irfs") {
            guard let value = SafeMaskMaker.IRFs(rawValue: name) else {
                throw ConfigError(key: "datasets.safe_mask.parameters.irfs", "irfs must be DL3 or DL4, got '\(name)'")
            }
            irfs = value
        }
        do {
            return try SafeMaskMaker(methods: Set(settings.methods), aeffPercent: parameters.double("aeff_percent") ?? 10,
                                     biasPercent: parameters.double("bias_percent") ?? 10,
                                     fixedOffset: parameters.angle("fixed_offset"), offsetMax: parameters.angle("offset_max") ?? 3,
                                     irfs: irfs)
        } catch let error as SafeMaskError {
            throw ConfigError(key: "datasets.safe_mask", error.message)
        }
    }

    static func backgroundMaker(_ config: AnalysisConfig, warningHandler: @escaping @Sendable (String) -> Void) throws -> (any DatasetMaker<WcsGeom>)? {
        let settings = config.datasets.background
        guard let method = settings.method else { return nil }
        guard method == .fovBackground else {
            throw ConfigError(key: "datasets.background.method", "'\(method.rawValue)' is not a 3D background method; use fov_background, ring, adaptive_ring or null")
        }
        let parameters = MakerParameters(values: settings.parameters, section: "datasets.background.parameters")
        try parameters.check(allowed: ["method", "spectral_model", "min_counts", "min_npred_background"])
        var fitMethod = FoVBackgroundMaker.Method.scale
        if let name = try parameters.string("method") {
            guard let value = FoVBackgroundMaker.Method(rawValue: name) else {
                throw ConfigError(key: "datasets.background.parameters.method", "method must be 'scale' or 'fit', got '\(name)'")
            }
            fitMethod = value
        }
        if let model = try parameters.string("spectral_model"), !["pl-norm", "PowerLawNormSpectralModel"].contains(model) {
            throw ConfigError(key: "datasets.background.parameters.spectral_model", "only 'pl-norm' is supported, got '\(model)'")
        }
        let exclusion = try ReductionPlan.exclusionMask(config)
        return try FoVBackgroundMaker(method: fitMethod, exclusionMask: exclusion, minCounts: parameters.double("min_counts") ?? 0,
                                  minNpredBackground: parameters.double("min_npred_background") ?? 0,
                                  warningHandler: warningHandler)
    }

    /// The ring background maker of `method: ring` or `adaptive_ring`, else nil.
    static func ringMaker(_ config: AnalysisConfig) throws -> (any OnOffBackgroundMaker)? {
        switch config.datasets.background.method {
        case .ring: try ringBackgroundMaker(config)
        case .adaptiveRing: try adaptiveRingBackgroundMaker(config)
        case .reflected, .fovBackground, nil: nil
        }
    }

    /// Gammapy's `RingBackgroundMaker(r_in, width, exclusion_mask)`. Gammapy wants one energy
    /// bin; more are our extension (the ring is applied in each).
    static func ringBackgroundMaker(_ config: AnalysisConfig) throws -> RingBackgroundMaker {
        let parameters = MakerParameters(values: config.datasets.background.parameters, section: "datasets.background.parameters")
        try parameters.check(allowed: ["r_in", "width"])
        guard let rIn = try parameters.angle("r_in"), let width = try parameters.angle("width") else {
            throw ConfigError(key: "datasets.background.parameters", "the ring background needs r_in and width")
        }
        do {
            return try RingBackgroundMaker(rIn: rIn, width: width, exclusionMask: try exclusionMask(config))
        } catch let error as MapMakingError {
            throw ConfigError(key: "datasets.background.parameters", error.message)
        }
    }

    /// Our extension `method: adaptive_ring`: Gammapy's `AdaptiveRingBackgroundMaker` with its
    /// parameters (r_in, r_out_max, width required; stepsize, threshold_alpha, theta, method).
    static func adaptiveRingBackgroundMaker(_ config: AnalysisConfig) throws -> AdaptiveRingBackgroundMaker {
        let parameters = MakerParameters(values: config.datasets.background.parameters, section: "datasets.background.parameters")
        try parameters.check(allowed: ["r_in", "r_out_max", "width", "stepsize", "threshold_alpha", "theta", "method"])
        guard let rIn = try parameters.angle("r_in"), let rOutMax = try parameters.angle("r_out_max"), let width = try parameters.angle("width") else {
            throw ConfigError(key: "datasets.background.parameters", "the adaptive ring background needs r_in, r_out_max and width")
        }
        var method = AdaptiveRingBackgroundMaker.Method.fixedWidth
        if let name = try parameters.string("method") {
            guard let value = AdaptiveRingBackgroundMaker.Method(rawValue: name) else {
                throw ConfigError(key: "datasets.background.parameters.method", "method must be 'fixed_width' or 'fixed_r_in', got '\(name)'")
            }
            method = value
        }
        do {
            return try AdaptiveRingBackgroundMaker(rIn: rIn, rOutMax: rOutMax, width: width, stepsize: parameters.angle("stepsize") ?? 0.02,
                                                   thresholdAlpha: parameters.double("threshold_alpha") ?? 0.1,
                                                   theta: parameters.angle("theta") ?? 0.22, method: method,
                                                   exclusionMask: try exclusionMask(config))
        } catch let error as MapMakingError {
            throw ConfigError(key: "datasets.background.parameters", error.message)
        }
    }

    /// The configured exclusion mask (`datasets.background.exclusion`, relative to the YAML's
    /// folder), or nil; read errors name the key.
    static func exclusionMask(_ config: AnalysisConfig) throws -> WcsNDMap<Bool>? {
        guard let path = config.datasets.background.exclusion else { return nil }
        let resolved = try config.resolvePath(path, key: "datasets.background.exclusion")
        do {
            return try ExclusionMask.read(from: resolved)
        } catch {
            throw ConfigError(key: "datasets.background.exclusion", "\(error)")
        }
    }
}
