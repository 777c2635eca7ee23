import FITSIO
import Foundation
import IRF

/// One observation (run) of a data store: its events, GTI and IRFs, each read from disk the
/// first time it is asked for and kept afterwards. Several HDUs in one file share one read of
/// that file. Safe to use from several threads.
public final class Observation: @unchecked Sendable {
    public let obsID: Int
    /// The HDU index rows of this observation, by HDU type (events, gti, aeff, ...).
    public let locations: [String: HDULocation]

    private let lock = NSLock()
    private var files: [String: FITSFile] = [:]
    private var cache: [String: any Sendable] = [:]

    /// The time interval this observation is cut to (Gammapy's `obs_filter.time_filter`): its
    /// events and GTIs are those inside it; nil for the whole run.
    public let timeSelection: TimeSelection?

    public init(obsID: Int, locations: [String: HDULocation], timeSelection: TimeSelection? = nil) {
        self.obsID = obsID
        self.locations = locations
        self.timeSelection = timeSelection
    }

    /// HDU types this observation has, in GADF order.
    public var availableHDUs: [String] {
        HDUIndexTable.validHDUTypes.filter { locations[$0] != nil }
    }

    public func has(_ hduType: String) -> Bool { locations[hduType] != nil }

    public func events() throws -> EventList {
        try cached("events") {
            let table = try self.table(for: "events")
            let events = try self.attributing { try EventList(table: table) }
            return try timeSelection.map { try $0.apply(to: events) } ?? events
        }
    }

    public func gti() throws -> GTI {
        try cached("gti") {
            let table = try self.table(for: "gti")
            let gti = try self.attributing { try GTI(table: table) }
            return timeSelection.map { $0.apply(to: gti) } ?? gti
        }
    }

    /// The EVENTS header's description of the observation (pointing, dead time, location).
    public func metadata() throws -> ObservationMetadata {
        try cached("metadata") {
            let hdu = try self.hdu(for: "events")
            return try self.attributing { try ObservationMetadata(header: hdu.header) }
        }
    }

    /// Runs `body`, the reading of one HDU's contents, and names this observation in the DL3 and
    /// IRF errors it throws (errors from opening the file already do).
    func attributing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DL3Error {
            throw DL3Error(error.kind, "observation \(obsID): \(error.message)", underlying: error.underlying)
        } catch var error as IRFError {
            error.obsID = obsID
            throw error
        }
    }

    /// The header of an HDU of this observation (cheap: headers are read when a file opens).
    public func header(for hduType: String) throws -> FITSHeader {
        try hdu(for: hduType).header
    }

    /// Runs `load` once per key and keeps its value; errors are not cached (a retry re-reads).
    public func cached<T: Sendable>(_ key: String, _ load: () throws -> T) throws -> T {
        // Look the key up before casting: a missing entry cast to an Optional `T` would "succeed".
        lock.lock()
        if let stored = cache[key], let value = stored as? T { lock.unlock(); return value }
        lock.unlock()
        let value = try load()
        lock.lock()
        defer { lock.unlock() }
        if let stored = cache[key], let existing = stored as? T { return existing }
        cache.updateValue(value, forKey: key)
        return value
    }

    /// Drops the open files (their inflated bytes) but keeps everything already read from them:
    /// once events and IRFs are loaded, the raw file is only memory. Reading another HDU later
    /// opens the file again.
    public func releaseFiles() {
        lock.lock()
        files.removeAll()
        lock.unlock()
    }

    /// Forgets every loaded HDU and open file (to bound memory when processing many runs).
    public func releaseData() {
        lock.lock()
        files.removeAll()
        cache.removeAll()
        lock.unlock()
    }

    /// The binary table of an HDU type, read through the file cache.
    public func table(for hduType: String) throws -> FITSTable {
        let (file, hdu) = try fileAndHDU(for: hduType)
        do {
            return try file.table(hdu.name)
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "observation \(obsID): cannot read \(hduType)", underlying: error)
        }
    }

    private func hdu(for hduType: String) throws -> FITSHDU {
        try fileAndHDU(for: hduType).1
    }

    private func fileAndHDU(for hduType: String) throws -> (FITSFile, FITSHDU) {
        guard let location = locations[hduType] else {
            throw DL3Error(.missingHDU, "observation \(obsID) has no '\(hduType)' HDU in the HDU index (it has: \(availableHDUs.joined(separator: ", ")))")
        }
        let file = try open(location)
        do {
            return (file, try file.hdu(named: location.hduName))
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "observation \(obsID): the HDU index names HDU '\(location.hduName)' for \(hduType)", underlying: error)
        }
    }

    private func open(_ location: HDULocation) throws -> FITSFile {
        let path = location.path
        lock.lock()
        if let file = files[path] { lock.unlock(); return file }
        lock.unlock()
        guard FileManager.default.fileExists(atPath: path) else {
            throw DL3Error(.missingFile, "observation \(obsID): file \(path) named by the HDU index for '\(location.hduType)' does not exist")
        }
        let file: FITSFile
        do {
            file = try FITSFile(path: path)
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "observation \(obsID): cannot read \(location.hduType) file", underlying: error)
        }
        lock.lock()
        defer { lock.unlock() }
        if let existing = files[path] { return existing }
        files[path] = file
        return file
    }
}
