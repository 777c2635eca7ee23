import Foundation
import GammaKit

/// One line of `gammakit info`: read from the observation's own files, in parallel, with the
/// observation index filling in what the files do not say.
struct ObservationSummary: Sendable {
    var obsID: Int
    var object = ""
    var ra = Double.nan
    var dec = Double.nan
    var zenith = Double.nan
    var livetime = Double.nan
    var events: Int?
    var irfClasses: [String] = []
    /// Why the line is incomplete (a file that is missing or unreadable).
    var problem: String?

    static func load(_ observations: [Observation], table: ObservationTable?) -> [ObservationSummary] {
        observations.concurrentMap { Self($0, table: table) }
    }

    init(_ observation: Observation, table: ObservationTable?) {
        obsID = observation.obsID
        irfClasses = RequiredIRF.allIRFs.compactMap { observation.locations[$0]?.hduClass }
        object = table?.string("OBJECT", obsID: obsID) ?? ""
        ra = table?.double("RA_PNT", obsID: obsID) ?? .nan
        dec = table?.double("DEC_PNT", obsID: obsID) ?? .nan
        zenith = table?.double("ZEN_PNT", obsID: obsID) ?? table?.double("ALT_PNT", obsID: obsID).map { 90 - $0 } ?? .nan
        do {
            let header = try observation.header(for: "events")
            events = header.int("NAXIS2")
            let metadata = try observation.metadata()
            if case .pointing(let r, let d) = metadata.pointingMode { ra = r; dec = d }
            if object.isEmpty { object = metadata.object ?? "" }
            if zenith.isNaN, let alt = metadata.altitude { zenith = 90 - alt }
            livetime = try observation.gti().timeSum * (1 - metadata.deadtimeFraction)
        } catch {
            problem = "\(error)"
        }
    }
}
