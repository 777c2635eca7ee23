import FITSIO
import GammaMaps
import Sky

/// Good time intervals ([GADF GTI](https://gamma-astro-data-formats.readthedocs.io/en/latest/events/gti.html)):
/// START/STOP in mission elapsed seconds relative to `reference`.
public struct GTI: Sendable, Equatable {
    public var start: [Double]
    public var stop: [Double]
    public var reference: TimeReference

    public init(start: [Double], stop: [Double], reference: TimeReference) {
        self.start = start
        self.stop = stop
        self.reference = reference
    }

    /// Reads a GTI HDU. TIMEUNIT defaults to seconds and TIMESYS to TT, as in Gammapy. START and
    /// STOP must be finite and each STOP after its START: anything else would make a wrong (even
    /// negative) livetime and exposure.
    public init(table: FITSTable) throws {
        let start = try table.column("START", as: Double.self)
        let stop = try table.column("STOP", as: Double.self)
        try table.requireEvery(start, column: "START", "a finite time", \.isFinite)
        try table.requireEvery(stop, column: "STOP", "a finite time", \.isFinite)
        if let i = start.indices.first(where: { stop[$0] <= start[$0] }) {
            throw DL3Error(.invalidData, "\(table.file.path), HDU \(table.name), column STOP: row \(i + 1) of \(start.count) "
                               + "stops at \(stop[i]), not after its START \(start[i])")
        }
        self.init(start: start, stop: stop, reference: try TimeReference(header: table.header))
    }

    public var count: Int { start.count }

    /// Total good time in seconds, as Gammapy's `time_sum` computes it: each interval as the
    /// difference of two astropy `Time`s (reference + MET, so 1687 s of MET can come out as
    /// 1687.0000000000016 s), summed by numpy. Live times, exposures and stacked livetimes
    /// follow this value to the last bit.
    public var timeSum: Double {
        NumpyCompat.sum(zip(timeStart, timeStop).map { $1.seconds(since: $0) })
    }

    public var timeStart: [Time] { start.map { Time(met: $0, reference: reference) } }
    public var timeStop: [Time] { stop.map { Time(met: $0, reference: reference) } }
}

extension TimeReference {
    /// The MJDREFI/MJDREFF/TIMESYS/TIMEUNIT keywords of a header (TIMESYS TT and TIMEUNIT s
    /// when absent, as Gammapy assumes), with errors naming the file, HDU and keyword.
    public init(header: FITSHeader) throws {
        let mjdrefi = try header.requireDouble("MJDREFI")
        let mjdreff = try header.requireDouble("MJDREFF")
        do {
            try self.init(mjdrefi: mjdrefi, mjdreff: mjdreff, timesys: header.string("TIMESYS") ?? "TT",
                          timeunit: header.string("TIMEUNIT") ?? "s")
        } catch let error as SkyError {
            throw FITSError(.invalidKeyword, file: header.file, hdu: header.hduName, key: error.subject, message: error.message)
        }
    }
}
