import FITSIO

/// Good time intervals ([GADF GTI](https://gamma-astro-data-formats.readthedocs.io/en/latest/events/gti.html)):
/// START/STOP in mission elapsed seconds relative to the reference epoch in the header.
public struct GTI: Sendable, Equatable {
    public var start: [Double]
    public var stop: [Double]
    /// MJDREFI + MJDREFF of the reference epoch, and its time scale (TIMESYS, lower case).
    public var referenceMJDInteger: Double
    public var referenceMJDFraction: Double
    public var timeSystem: String

    public init(start: [Double], stop: [Double], referenceMJDInteger: Double, referenceMJDFraction: Double, timeSystem: String) {
        self.start = start
        self.stop = stop
        self.referenceMJDInteger = referenceMJDInteger
        self.referenceMJDFraction = referenceMJDFraction
        self.timeSystem = timeSystem
    }

    /// Reads a GTI HDU. TIMEUNIT defaults to seconds and TIMESYS to TT, as in Gammapy.
    public init(table: FITSTable) throws {
        var start = try table.column("START", as: Double.self)
        var stop = try table.column("STOP", as: Double.self)
        let header = table.header
        let unit = header.string("TIMEUNIT") ?? "s"
        if unit != "s" {
            let scale = try EventList.scale(unit, to: "s", table: table, column: "START")
            start = start.map { $0 * scale }
            stop = stop.map { $0 * scale }
        }
        self.start = start
        self.stop = stop
        referenceMJDInteger = try header.requireDouble("MJDREFI")
        referenceMJDFraction = try header.requireDouble("MJDREFF")
        timeSystem = (header.string("TIMESYS") ?? "tt").lowercased()
    }

    public var count: Int { start.count }

    /// Total good time in seconds (Gammapy's `time_sum`).
    public var timeSum: Double { zip(start, stop).reduce(0) { $0 + ($1.1 - $1.0) } }
}
