import Makers
import Sky

/// An energy axis of the configuration: bounds and number of (log) bins. Any of them may be
/// missing, in which case Gammapy makes no axis.
public struct EnergyAxisConfig: Sendable, Equatable {
    public var min: EnergyQuantity?
    public var max: EnergyQuantity?
    public var nbins: Int?

    public init(min: EnergyQuantity? = nil, max: EnergyQuantity? = nil, nbins: Int? = nil) {
        self.min = min
        self.max = max
        self.nbins = nbins
    }

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["min", "max", "nbins"])
        min = try m["min"]?.energy()
        max = try m["max"]?.energy()
        nbins = try m["nbins"]?.int()
        if let nbins, nbins < 1 { throw ConfigError(key: node.path + ".nbins", "an energy axis needs at least 1 bin, got \(nbins)") }
        if let min, let max, !(max.value(in: min.unit) > min.value) {
            throw ConfigError(key: node.path, "min (\(String(format: "%g", min.value)) \(min.unit)) must be below max (\(String(format: "%g", max.value)) \(max.unit))")
        }
    }
}

public struct WcsConfig: Sendable, Equatable {
    public var skydir = SpatialCircleConfig()
    /// Degrees.
    public var binsize = 0.02
    public var width = 5.0
    public var height = 5.0
    public var binsizeIRF = 0.2

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["skydir", "binsize", "width", "binsize_irf"])
        if let skydir = m["skydir"] {
            let s = try skydir.mapping(allowed: ["frame", "lon", "lat"])
            self.skydir.frame = try s["frame"]?.choice(SkyFrame.self, what: "a frame")
            self.skydir.lon = try s["lon"]?.angle()
            self.skydir.lat = try s["lat"]?.angle()
        }
        binsize = try m["binsize"]?.angle() ?? binsize
        if let w = m["width"] {
            let size = try w.mapping(allowed: ["width", "height"])
            width = try size["width"]?.angle() ?? 5
            height = try size["height"]?.angle() ?? 5
        }
        binsizeIRF = try m["binsize_irf"]?.angle() ?? binsizeIRF
        try Self.checkPositive(binsize, key: node.path + ".binsize")
        try Self.checkPositive(binsizeIRF, key: node.path + ".binsize_irf")
        try Self.checkPositive(width, key: node.path + ".width.width")
        try Self.checkPositive(height, key: node.path + ".width.height")
        // Wider than the sky is a typo (a unit, a digit), not a map.
        if width > 360 { throw ConfigError(key: node.path + ".width.width", "\(width) deg is wider than the whole sky (360 deg)") }
        if height > 180 { throw ConfigError(key: node.path + ".width.height", "\(height) deg is higher than the whole sky (180 deg)") }
        if let lat = skydir.lat, abs(lat) > 90 {
            throw ConfigError(key: node.path + ".skydir.lat", "a latitude lies between -90 and 90 deg, got \(lat) deg")
        }
    }

    static func checkPositive(_ degrees: Double, key: String) throws {
        guard degrees > 0 else { throw ConfigError(key: key, "must be a positive angle, got \(degrees) deg") }
    }
}

public struct GeomConfig: Sendable, Equatable {
    public var wcs = WcsConfig()
    /// `selection.offset_max`, degrees.
    public var offsetMax = 2.5
    public var energy = EnergyAxisConfig(min: EnergyQuantity(1, "TeV"), max: EnergyQuantity(10, "TeV"), nbins: 5)
    public var energyTrue = EnergyAxisConfig(min: EnergyQuantity(0.5, "TeV"), max: EnergyQuantity(20, "TeV"), nbins: 16)

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["wcs", "selection", "axes"])
        if let wcs = m["wcs"] { self.wcs = try WcsConfig(wcs) }
        if let selection = m["selection"] {
            offsetMax = try selection.mapping(allowed: ["offset_max"])["offset_max"]?.angle() ?? 2.5
            try WcsConfig.checkPositive(offsetMax, key: selection.path + ".offset_max")
        }
        if let axes = m["axes"] {
            let a = try axes.mapping(allowed: ["energy", "energy_true"])
            if let e = a["energy"] { energy = try EnergyAxisConfig(e) }
            if let e = a["energy_true"] { energyTrue = try EnergyAxisConfig(e) }
        }
    }
}

/// Gammapy's `BackgroundMethodEnum`, and our `adaptive_ring`.
public enum BackgroundMethod: String, Sendable, CaseIterable {
    case reflected
    case fovBackground = "fov_background"
    case ring
    /// Our extension: Gammapy's AdaptiveRingBackgroundMaker, which its AnalysisConfig cannot name.
    case adaptiveRing = "adaptive_ring"

    /// The ring backgrounds, whose makers produce on/off datasets.
    public var isRing: Bool { self == .ring || self == .adaptiveRing }
}

public struct BackgroundConfig: Sendable, Equatable {
    /// Nil for none.
    public var method: BackgroundMethod?
    public var exclusion: String?
    /// The parameters as written, and decoded for the method.
    public var parameters: [String: ConfigValue] = [:]
    public var settings = BackgroundParameters.none

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["method", "exclusion", "parameters"])
        method = try m["method"]?.choice(BackgroundMethod.self, what: "a background method")
        exclusion = try m["exclusion"]?.string()
        parameters = try Self.dictionary(m["parameters"])
        settings = try BackgroundParameters(method: method, values: parameters)
    }

    static func dictionary(_ node: ConfigNode?) throws -> [String: ConfigValue] {
        guard let node else { return [:] }
        switch try node.value() {
        case .null: return [:]
        case .dictionary(let d): return d
        default: throw node.error("expected a mapping of parameter names to values")
        }
    }
}

public struct SafeMaskConfig: Sendable, Equatable {
    public var methods: [SafeMaskMaker.Method] = [.aeffDefault]
    /// The parameters as written, and decoded (SafeMaskMaker's defaults: 10 %, 10 %, 3 deg, DL4).
    public var parameters: [String: ConfigValue] = [:]
    public var aeffPercent = 10.0
    public var biasPercent = 10.0
    public var fixedOffset: Double?
    public var offsetMax = 3.0
    public var irfs = SafeMaskMaker.IRFs.dl4

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["methods", "parameters"])
        if let items = try m["methods"]?.sequence() {
            methods = try items.map { try $0.requireChoice(SafeMaskMaker.Method.self, what: "a safe-mask method") }
        }
        parameters = try BackgroundConfig.dictionary(m["parameters"])
        let p = MakerParameters(values: parameters, section: "datasets.safe_mask.parameters")
        try p.check(allowed: ["aeff_percent", "bias_percent", "fixed_offset", "offset_max", "irfs"])
        aeffPercent = try p.double("aeff_percent") ?? aeffPercent
        biasPercent = try p.double("bias_percent") ?? biasPercent
        fixedOffset = try p.angle("fixed_offset")
        offsetMax = try p.angle("offset_max") ?? offsetMax
        if let name = try p.string("irfs") {
            guard let value = SafeMaskMaker.IRFs(rawValue: name) else {
                throw ConfigError(key: "datasets.safe_mask.parameters.irfs", "irfs must be DL3 or DL4, got '\(name)'")
            }
            irfs = value
        }
    }
}

public struct DatasetsConfig: Sendable, Equatable {
    public enum ReductionType: String, Sendable { case spectrum = "1d", cube = "3d" }

    public var type = ReductionType.spectrum
    public var stack = true
    public var geom = GeomConfig()
    public var mapSelection = MapDatasetMaker.availableSelection
    public var background = BackgroundConfig()
    public var safeMask = SafeMaskConfig()
    public var onRegion = SpatialCircleConfig()
    public var containmentCorrection = true
    /// Our extension (Gammapy's config has no such key): SpectrumDatasetMaker's `use_region_center`.
    public var useRegionCenter = true

    public init() {}

    /// Whether the reduction's datasets are per-observation MapDatasetOnOff (an unstacked ring
    /// background), as Gammapy's DatasetsMaker returns them, rather than MapDatasets.
    public var makesOnOffMaps: Bool {
        type == .cube && !stack && background.method?.isRing == true
    }

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["type", "stack", "geom", "map_selection", "background", "safe_mask",
                                           "on_region", "containment_correction", "use_region_center"])
        if let t = try m["type"]?.string() {
            guard let value = ReductionType(rawValue: t) else { throw ConfigError(key: node.path + ".type", "type must be '1d' or '3d', got '\(t)'") }
            type = value
        }
        stack = try m["stack"]?.bool() ?? stack
        if let g = m["geom"] { geom = try GeomConfig(g) }
        if let items = try m["map_selection"]?.sequence() {
            mapSelection = try items.map { try $0.requireChoice(MapDatasetMaker.Selection.self, what: "a map") }
        }
        if let b = m["background"] { background = try BackgroundConfig(b) }
        if let s = m["safe_mask"] { safeMask = try SafeMaskConfig(s) }
        if let r = m["on_region"] { onRegion = try SpatialCircleConfig(r) }
        containmentCorrection = try m["containment_correction"]?.bool() ?? containmentCorrection
        useRegionCenter = try m["use_region_center"]?.bool() ?? useRegionCenter
    }
}

/// Key checks for the sections of the configuration used after data reduction (fit,
/// estimators): their keys and quantities are validated so that typos are caught early.
enum SchemaCheck {
    static func fit(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["fit_range"])
        if let r = m["fit_range"] {
            let range = try r.mapping(allowed: ["min", "max"])
            _ = try range["min"]?.energy()
            _ = try range["max"]?.energy()
        }
    }

    static func fluxPoints(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["energy", "source", "parameters"])
        if let e = m["energy"] { _ = try EnergyAxisConfig(e) }
        _ = try m["source"]?.string()
        _ = try m["parameters"]?.value()
    }

    static func excessMap(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["correlation_radius", "parameters", "energy_edges"])
        _ = try m["correlation_radius"]?.angle()
        _ = try m["parameters"]?.value()
        if let e = m["energy_edges"] { _ = try EnergyAxisConfig(e) }
    }

    static func lightCurve(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["time_intervals", "energy_edges", "source", "parameters"])
        if let t = m["time_intervals"] { _ = try TimeRangeConfig(t) }
        if let e = m["energy_edges"] { _ = try EnergyAxisConfig(e) }
        _ = try m["source"]?.string()
        _ = try m["parameters"]?.value()
    }
}
