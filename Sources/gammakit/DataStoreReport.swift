import Foundation
import GammaKit

/// The text `gammakit info` prints.
enum DataStoreReport {
    static func header(_ store: DataStore) -> String {
        let classes = Set(store.hduTable.rows.map(\.location.hduClass)).sorted()
        return """
        Data store: \(store.directory)
          \(store.obsIDs.count) observations; HDU classes: \(classes.joined(separator: ", "))
          observation index: \(store.obsTable.map { "\($0.count) rows" } ?? "none")

        """
    }

    static func table(_ summaries: [ObservationSummary]) -> String {
        var table = TextTable([("OBS_ID", "", .right), ("OBJECT", "", .left), ("RA_PNT", "deg", .right), ("DEC_PNT", "deg", .right),
                               ("ZENITH", "deg", .right), ("LIVETIME", "s", .right), ("EVENTS", "", .right), ("IRFS", "", .left)])
        for s in summaries {
            table.append([String(s.obsID), s.object, fixed(s.ra, 3), fixed(s.dec, 3), fixed(s.zenith, 2), fixed(s.livetime, 1),
                          s.events.map(String.init) ?? "–", s.irfClasses.joined(separator: " ")])
        }
        return table.rendered
    }

    /// HDUs of one observation, with the axes of each IRF table. Each IRF is also read whole,
    /// with the checks a reduction makes, so that a damaged one shows here; `problems` lists
    /// them for the exit status.
    static func details(_ observation: Observation) -> (text: String, problems: [String]) {
        var lines = ["", "Observation \(observation.obsID)"]
        var problems: [String] = []
        for type in HDUIndexTable.validHDUTypes {
            guard let location = observation.locations[type] else { continue }
            lines.append("  \(type.padding(toLength: 8, withPad: " ", startingAt: 0)) \(location.hduClass.padding(toLength: 11, withPad: " ", startingAt: 0)) \(location.path) [\(location.hduName)]")
            guard RequiredIRF.allIRFs.contains(type) else { continue }
            do {
                for axis in try IRFAxesDescription.axes(of: observation.table(for: type)) { lines.append("      " + axis) }
                _ = try observation.irf(type)
            } catch {
                lines.append("      cannot read: \(error)")
                problems.append("\(error)")
            }
        }
        return (lines.joined(separator: "\n"), problems)
    }
}
