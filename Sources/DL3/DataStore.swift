import FITSIO
import Foundation

/// Which IRFs an observation must have to be used (Gammapy's `required_irf`).
public enum RequiredIRF: Sendable, Equatable {
    /// aeff, edisp, psf and bkg.
    case fullEnclosure
    /// aeff and edisp.
    case pointLike
    /// None required.
    case allOptional
    /// An explicit list of HDU types among aeff, edisp, psf, bkg, rad_max.
    case list([String])

    public static let allIRFs = ["aeff", "edisp", "psf", "bkg", "rad_max"]

    public var hduTypes: [String] {
        switch self {
        case .fullEnclosure: return ["aeff", "edisp", "psf", "bkg"]
        case .pointLike: return ["aeff", "edisp"]
        case .allOptional: return []
        case .list(let types): return types
        }
    }

    /// Parses Gammapy's spellings: "full-enclosure", "point-like", "all-optional" or IRF names.
    public init(gammapy values: [String]) throws {
        if values.count == 1, let single = ["full-enclosure": RequiredIRF.fullEnclosure, "point-like": .pointLike,
                                            "all-optional": .allOptional][values[0]] {
            self = single
            return
        }
        for value in values where !Self.allIRFs.contains(value) {
            throw DL3Error(.invalidData, "'\(value)' is not a valid IRF; choose from \(Self.allIRFs.joined(separator: ", ")) or full-enclosure, point-like, all-optional")
        }
        self = .list(values)
    }
}

/// An IACT data store: a folder with an HDU index and an observation index
/// ([GADF data storage](https://gamma-astro-data-formats.readthedocs.io/en/latest/data_storage/index.html)).
public struct DataStore: Sendable {
    public static let defaultHDUIndex = "hdu-index.fits.gz"
    public static let defaultObsIndex = "obs-index.fits.gz"

    public let directory: String
    public let hduTable: HDUIndexTable
    /// The observation index; nil when the folder has none (allowed, as in Gammapy).
    public let obsTable: ObservationTable?

    /// Opens the data store in `directory` (Gammapy's `DataStore.from_dir`). Index file names
    /// may be given relative to the folder or as absolute paths.
    public init(directory: String, hduIndex: String? = nil, obsIndex: String? = nil) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DL3Error(.missingDataStore, "data store directory \(directory) does not exist")
        }
        let hduPath = Self.resolve(hduIndex ?? Self.defaultHDUIndex, in: directory)
        guard FileManager.default.fileExists(atPath: hduPath) else {
            throw DL3Error(.missingIndex, "data store \(directory) has no HDU index: \(hduPath) does not exist")
        }
        let obsPath = Self.resolve(obsIndex ?? Self.defaultObsIndex, in: directory)
        if obsIndex != nil && !FileManager.default.fileExists(atPath: obsPath) {
            throw DL3Error(.missingIndex, "observation index \(obsPath) does not exist")
        }
        self.directory = directory
        // BASE_DIR is the data-store folder, whatever folder the index file is in.
        hduTable = try HDUIndexTable(path: hduPath, baseDirectory: directory)
        obsTable = FileManager.default.fileExists(atPath: obsPath) ? try ObservationTable(path: obsPath) : nil
    }

    private static func resolve(_ name: String, in directory: String) -> String {
        name.hasPrefix("/") ? name : HDULocation.join(directory, name)
    }

    /// Sorted unique observation ids of the HDU index.
    public var obsIDs: [Int] { hduTable.obsIDs }

    /// One observation. Throws when the id is unknown (naming the nearest ids that exist) or
    /// when a required HDU is missing from the index.
    public func observation(_ obsID: Int, required: RequiredIRF = .fullEnclosure, requireEvents: Bool = true) throws -> Observation {
        guard hduTable.contains(obsID: obsID) else {
            throw DL3Error(.unknownObservation, "observation \(obsID) is not in the data store \(directory); \(nearbyIDs(obsID))")
        }
        var locations: [String: HDULocation] = [:]
        for type in HDUIndexTable.validHDUTypes {
            if let location = hduTable.location(obsID: obsID, hduType: type) { locations[type] = location }
        }
        let needed = (requireEvents ? ["events", "gti"] : []) + required.hduTypes
        let missing = needed.filter { locations[$0] == nil }
        if !missing.isEmpty {
            throw DL3Error(.missingHDU, "observation \(obsID) lacks required HDUs \(missing.joined(separator: ", ")) in the HDU index")
        }
        return Observation(obsID: obsID, locations: locations)
    }

    /// Observations by id, in the order given (all ids, sorted, when nil), as Gammapy's
    /// `get_observations`: an unknown id is an error unless `skipMissing`; an observation
    /// lacking a required HDU is skipped and reported in `skipped`.
    public func observations(_ ids: [Int]? = nil, required: RequiredIRF = .fullEnclosure, skipMissing: Bool = false,
                             requireEvents: Bool = true) throws -> (observations: [Observation], skipped: [DL3Error]) {
        var result: [Observation] = []
        var skipped: [DL3Error] = []
        for id in ids ?? obsIDs {
            if !hduTable.contains(obsID: id) {
                let error = DL3Error(.unknownObservation, "observation \(id) is not in the data store \(directory); \(nearbyIDs(id))")
                if skipMissing { skipped.append(error); continue }
                throw error
            }
            do {
                result.append(try observation(id, required: required, requireEvents: requireEvents))
            } catch let error as DL3Error where error.kind == .missingHDU {
                skipped.append(error)
            }
        }
        return (result, skipped)
    }

    /// "nearby ids: ..." for an error message about an unknown id.
    func nearbyIDs(_ id: Int) -> String {
        let ids = obsIDs
        guard !ids.isEmpty else { return "the store holds no observations" }
        let nearest = ids.sorted { abs($0 - id) < abs($1 - id) }.prefix(5).sorted()
        return "nearest ids that exist: \(nearest.map(String.init).joined(separator: ", ")) (\(ids.count) observations, \(ids.first!)–\(ids.last!))"
    }
}
