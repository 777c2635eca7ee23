import DL3
import Foundation
import Sky

/// The observations a configuration selects, as Gammapy's `Analysis.get_observations` selects
/// them: `obs_ids` (or `obs_file`, or every run of the observation index), narrowed by
/// `obs_cone`; runs lacking a `required_irf` HDU are skipped with a warning; with `obs_time` the
/// runs overlapping its intervals, cut to them (events and GTIs).
public struct ObservationSelection: Sendable {
    public let dataStore: DataStore
    public let observations: [Observation]
    /// With `obs_time`, the selected observations of each interval, in interval order (a run
    /// overlapping two intervals is in both, cut to each); otherwise one group of all of them.
    public let intervalGroups: [[Observation]]
    /// Why runs were left out (missing HDUs), one message per run, for the user.
    public let warnings: [String]

    public init(config: AnalysisConfig) throws {
        let settings = config.observations
        let path = try config.resolvePath(settings.datastore, key: "observations.datastore")
        do {
            dataStore = try DataStore(directory: path)
        } catch let error as DL3Error where error.kind == .missingDataStore {
            throw ConfigError(key: "observations.datastore", "data store not found: \(path)")
        }
        var ids: [Int]
        if !settings.obsIDs.isEmpty {
            ids = settings.obsIDs
            // Gammapy's select_obs_id fails on an id the observation index lacks.
            let known = Set(dataStore.obsTable?.obsIDs ?? dataStore.obsIDs)
            if let unknown = ids.first(where: { !known.contains($0) }) {
                _ = try dataStore.observation(unknown)  // throws, naming the nearest ids that exist
                throw ConfigError(key: "observations.obs_ids", "observation \(unknown) is not in the observation index of \(path)")
            }
        } else if let file = settings.obsFile {
            let filePath = try config.resolvePath(file, key: "observations.obs_file")
            ids = try Self.readObsFile(filePath)
            do {
                try ObservationsConfig.refuseDuplicates(ids, key: "observations.obs_file")
            } catch let error as ConfigError {
                throw ConfigError(key: error.key, "\(filePath): \(error.message)")
            }
        } else {
            ids = dataStore.obsTable?.obsIDs ?? dataStore.obsIDs
        }
        let cone = settings.obsCone
        if let lon = cone.lon, let lat = cone.lat {
            guard let radius = cone.radius, let frame = cone.frame else {
                throw ConfigError(key: "observations.obs_cone", "a cone needs frame, lon, lat and radius")
            }
            guard let table = dataStore.obsTable else {
                throw ConfigError(key: "observations.obs_cone", "the data store has no observation index to select a cone from")
            }
            let inside = Set(try table.obsIDs(inCone: SkyCoord(lon: lon, lat: lat, frame: frame), radius: radius))
            ids = ids.filter { inside.contains($0) }
        }
        let required = try RequiredIRF(gammapy: settings.requiredIRF.filter { $0 != "events" && $0 != "gti" })
        let (observations, skipped) = try dataStore.observations(ids, required: required, skipMissing: true)
        warnings = skipped.map { "skipping run: \($0)" }
        let intervals = settings.obsTime.intervals
        guard !intervals.isEmpty else {
            self.observations = observations
            intervalGroups = [observations]
            return
        }
        // Gammapy's Observations.select_time: interval by interval, the runs that overlap it, cut to it.
        var groups: [[Observation]] = []
        for interval in intervals {
            var group: [Observation] = []
            for observation in observations where try observation.tstart() <= interval.stop && interval.start < observation.tstop() {
                group.append(observation.selectingTime(interval))
            }
            groups.append(group)
        }
        intervalGroups = groups
        self.observations = groups.flatMap { $0 }
    }

    /// The first whitespace-separated column of an ASCII file of observation ids.
    static func readObsFile(_ path: String) throws -> [Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(key: "observations.obs_file", "cannot read \(path)")
        }
        return try text.split(whereSeparator: \.isNewline).enumerated().compactMap { number, line in
            guard let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).first, !first.hasPrefix("#") else { return nil }
            guard let id = Int(first) else {
                throw ConfigError(key: "observations.obs_file", "\(path), line \(number + 1): '\(first)' is not an observation id")
            }
            return id
        }
    }
}
