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
        var makers: [any DatasetMaker<WcsGeom>] = [MapDatasetMaker(selection: Set(settings.mapSelection))]
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
        do {
            return try SafeMaskMaker(methods: Set(settings.methods), aeffPercent: settings.aeffPercent, biasPercent: settings.biasPercent,
                                     fixedOffset: settings.fixedOffset, offsetMax: settings.offsetMax, irfs: settings.irfs)
        } catch let error as SafeMaskError {
            throw ConfigError(key: "datasets.safe_mask", error.message)
        }
    }

    static func backgroundMaker(_ config: AnalysisConfig, warningHandler: @escaping @Sendable (String) -> Void) throws -> (any DatasetMaker<WcsGeom>)? {
        switch config.datasets.background.settings {
        case .none, .ring, .adaptiveRing:
            return nil
        case .reflected:
            throw ConfigError(key: "datasets.background.method", "'reflected' is not a 3D background method; use fov_background, ring, adaptive_ring or null")
        case .fovBackground(let fov):
            return FoVBackgroundMaker(method: fov.method, exclusionMask: try exclusionMask(config), minCounts: fov.minCounts,
                                          minNpredBackground: fov.minNpredBackground, warningHandler: warningHandler)
        }
    }

    /// The ring background maker of `method: ring` (Gammapy's `RingBackgroundMaker`; Gammapy
    /// wants one energy bin, more are our extension: the ring is applied in each) or
    /// `adaptive_ring` (our extension), else nil.
    static func ringMaker(_ config: AnalysisConfig) throws -> (any OnOffBackgroundMaker)? {
        do {
            switch config.datasets.background.settings {
            case .ring(let ring):
                return try RingBackgroundMaker(rIn: ring.rIn, width: ring.width, exclusionMask: try exclusionMask(config))
            case .adaptiveRing(let ring):
                return try AdaptiveRingBackgroundMaker(rIn: ring.rIn, rOutMax: ring.rOutMax, width: ring.width, stepsize: ring.stepsize,
                                                       thresholdAlpha: ring.thresholdAlpha, theta: ring.theta, method: ring.method,
                                                       exclusionMask: try exclusionMask(config))
            case .none, .fovBackground, .reflected:
                return nil
            }
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
