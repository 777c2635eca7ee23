import DL3
import Foundation
import Sky
import Yams

/// Gammapy 2.1's `AnalysisConfig`, read from the same YAML. Every key Gammapy accepts is
/// accepted (sections GammaKit does not act on yet are validated and kept aside); unknown keys
/// and bad values are errors naming the key. Defaults are Gammapy's: a section given in the
/// YAML replaces the default section as a whole, its missing fields taking the field defaults
/// (so `energy: {nbins: 11}` has no min/max, exactly as in Gammapy).
public struct AnalysisConfig: Sendable {
    public var general = GeneralConfig()
    public var observations = ObservationsConfig()
    public var datasets = DatasetsConfig()
    /// The folder of the YAML file: relative paths in it are resolved against this folder.
    public var baseDirectory: String
    /// The YAML file it was read from, if any.
    public var file: String?

    public init(baseDirectory: String = FileManager.default.currentDirectoryPath) {
        self.baseDirectory = baseDirectory
    }

    /// Reads a configuration file. A missing, unreadable or empty file, a directory or a
    /// device is an error naming the path.
    public static func read(path: String) throws -> AnalysisConfig {
        let text = try ConfigFile.text(at: path)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            var config = try parse(yaml: text, baseDirectory: folder.isEmpty ? "." : folder)
            config.file = path
            return config
        } catch var error as ConfigError {
            error.file = path
            throw error
        }
    }

    /// Parses YAML text; relative paths resolve against `baseDirectory`.
    public static func parse(yaml text: String, baseDirectory: String) throws -> AnalysisConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(key: "", "not valid YAML: \(error)")
        }
        guard root != nil else {
            throw ConfigError(key: "", "the configuration is empty; it needs at least the observations and datasets sections")
        }
        var config = AnalysisConfig(baseDirectory: baseDirectory)
        let top = try ConfigNode(node: root, path: "").mapping(
            allowed: ["general", "observations", "datasets", "fit", "flux_points", "excess_map", "light_curve", "metadata"])
        if let node = top["general"] { config.general = try GeneralConfig(node) }
        if let node = top["observations"] { config.observations = try ObservationsConfig(node) }
        if let node = top["datasets"] { config.datasets = try DatasetsConfig(node) }
        // Sections for fitting and estimators: checked, not used by data reduction.
        if let node = top["fit"] { try SchemaCheck.fit(node) }
        if let node = top["flux_points"] { try SchemaCheck.fluxPoints(node) }
        if let node = top["excess_map"] { try SchemaCheck.excessMap(node) }
        if let node = top["light_curve"] { try SchemaCheck.lightCurve(node) }
        return config
    }

    /// The files and directories a reduction with this configuration reads (the YAML itself,
    /// data store, observation list, exclusion mask), as far as they can be resolved: an output
    /// must never replace one of them.
    public var inputPaths: [String] {
        var paths = [file].compactMap { $0 }
        let configured = [(observations.datastore, "observations.datastore"), (observations.obsFile, "observations.obs_file"),
                          (datasets.background.exclusion, "datasets.background.exclusion")]
        for case let (path?, key) in configured {
            if let resolved = try? resolvePath(path, key: key) { paths.append(resolved) }
        }
        return paths
    }

    /// A path from the configuration with environment variables expanded (`$GAMMAPY_DATA`,
    /// `${VAR}`) and, when relative, resolved against the YAML's folder.
    public func resolvePath(_ path: String, key: String) throws -> String {
        let expanded = try PathExpansion.expand(path, key: key)
        if expanded.hasPrefix("/") { return expanded }
        return (baseDirectory as NSString).appendingPathComponent(expanded)
    }
}

public struct GeneralConfig: Sendable {
    public var outdir = "."
    public var nJobs = 1
    public var datasetsFile: String?
    public var modelsFile: String?
    public var logLevel = "info"

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["log", "outdir", "n_jobs", "datasets_file", "models_file"])
        if let log = m["log"] {
            let l = try log.mapping(allowed: ["level", "filename", "filemode", "format", "datefmt"])
            logLevel = try l["level"]?.string() ?? logLevel
            for key in ["filename", "filemode", "format", "datefmt"] { _ = try l[key]?.string() }
        }
        outdir = try m["outdir"]?.string() ?? outdir
        nJobs = try m["n_jobs"]?.int() ?? nJobs
        datasetsFile = try m["datasets_file"]?.string()
        modelsFile = try m["models_file"]?.string()
    }
}

/// A circle on the sky (`obs_cone`, `on_region`): frame, centre and radius in degrees.
public struct SpatialCircleConfig: Sendable, Equatable {
    public var frame: SkyFrame?
    public var lon: Double?
    public var lat: Double?
    public var radius: Double?

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["frame", "lon", "lat", "radius"])
        frame = try m["frame"]?.choice(SkyFrame.self, what: "a frame")
        lon = try m["lon"]?.angle()
        lat = try m["lat"]?.angle()
        radius = try m["radius"]?.angle()
        if let lat, abs(lat) > 90 { throw ConfigError(key: node.path + ".lat", "a latitude lies between -90 and 90 deg, got \(lat) deg") }
        if let radius, radius < 0 { throw ConfigError(key: node.path + ".radius", "a radius cannot be negative, got \(radius) deg") }
    }
}

public struct TimeRangeConfig: Sendable, Equatable {
    /// Times as written (astropy `Time` strings, e.g. "2004-12-04T22:00:00"), one or several.
    public var start: [String] = []
    public var stop: [String] = []
    /// The intervals, parsed as astropy parses these strings (UTC); empty when not given.
    public var intervals: [TimeSelection] = []
    /// Our extension (`one_dataset_per_interval: true`): a stacked dataset per interval, named
    /// `interval_1`, `interval_2`, … (the input of a light curve), instead of one in all.
    public var oneDatasetPerInterval = false

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["start", "stop", "one_dataset_per_interval"])
        start = try Self.times(m["start"])
        stop = try Self.times(m["stop"])
        if start.count != stop.count {
            throw node.error("start and stop must have as many entries (\(start.count) vs \(stop.count))")
        }
        oneDatasetPerInterval = try m["one_dataset_per_interval"]?.bool() ?? false
        for (k, (a, b)) in zip(start, stop).enumerated() {
            let key = node.path + (start.count > 1 ? "[\(k)]" : "")
            do {
                intervals.append(try TimeSelection(start: Time(isot: a, scale: .utc), stop: Time(isot: b, scale: .utc)))
            } catch let error as SkyError {
                throw ConfigError(key: key, "\(error)")
            } catch let error as DL3Error {
                throw ConfigError(key: key, "\(error.message) ('\(a)' to '\(b)')")
            }
        }
    }

    private static func times(_ node: ConfigNode?) throws -> [String] {
        guard let node, !node.isNull else { return [] }
        if let items = try? node.sequence() { return try items.map { try $0.requireString() } }
        return [try node.requireString()]
    }
}

public struct ObservationsConfig: Sendable {
    public var datastore = "$GAMMAPY_DATA/hess-dl3-dr1/"
    public var obsIDs: [Int] = []
    public var obsFile: String?
    public var obsCone = SpatialCircleConfig()
    public var obsTime = TimeRangeConfig()
    public var requiredIRF = ["aeff", "edisp", "psf", "bkg"]

    public init() {}

    init(_ node: ConfigNode) throws {
        let m = try node.mapping(allowed: ["datastore", "obs_ids", "obs_file", "obs_cone", "obs_time", "required_irf"])
        datastore = try m["datastore"]?.string() ?? datastore
        if let ids = try m["obs_ids"]?.sequence() {
            obsIDs = try ids.map { item in
                guard let id = try item.int() else { throw item.error("an observation id is required") }
                return id
            }
            try Self.refuseDuplicates(obsIDs, key: node.path + ".obs_ids")
        }
        obsFile = try m["obs_file"]?.string()
        if !obsIDs.isEmpty && obsFile != nil {
            throw ConfigError(key: node.path + ".obs_file", "give either obs_ids or obs_file, not both (as in Gammapy)")
        }
        if let cone = m["obs_cone"] { obsCone = try SpatialCircleConfig(cone) }
        if let time = m["obs_time"] { obsTime = try TimeRangeConfig(time) }
        if let irfs = try m["required_irf"]?.sequence() {
            let valid = ["events", "gti", "aeff", "bkg", "edisp", "psf", "rad_max"]
            requiredIRF = try irfs.map { item in
                let name = try item.requireString()
                guard valid.contains(name) else { throw item.error("'\(name)' is not an HDU type; choose from \(valid.joined(separator: ", "))") }
                return name
            }
        }
    }

    /// An id listed twice would be reduced and stacked twice: Gammapy 2.1's `select_obs_id`
    /// keeps repeats and silently double-counts; GammaKit refuses.
    static func refuseDuplicates(_ ids: [Int], key: String) throws {
        var seen = Set<Int>()
        let repeated = ids.filter { !seen.insert($0).inserted }
        guard repeated.isEmpty else {
            let list = Array(Set(repeated)).sorted().map(String.init).joined(separator: ", ")
            throw ConfigError(key: key, "observation \(list) is listed more than once; each run can be reduced only once (remove the repeats)")
        }
    }
}
