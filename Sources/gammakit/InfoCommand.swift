import ArgumentParser
import Foundation
import GammaKit

/// `gammakit info DATASTORE [--obs ID ...]`: what a data store holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "List the observations of a DL3 data store; with --obs, their HDUs and IRF axes."
    )

    @Argument(help: "Data-store directory (with hdu-index.fits.gz and obs-index.fits.gz), e.g. $GAMMAPY_DATA/hess-dl3-dr1.")
    var dataStore: String

    @Option(name: .customLong("obs"), parsing: .upToNextOption, help: "Observation ids to describe in detail.")
    var obsIDs: [Int] = []

    func run() throws {
        let store: DataStore
        do {
            store = try DataStore(directory: dataStore)
        } catch let error as DL3Error {
            throw CLIError(error)
        }
        let ids = obsIDs.isEmpty ? store.obsIDs : obsIDs
        let observations: [Observation]
        do {
            observations = try store.observations(ids, required: .allOptional, requireEvents: false).observations
        } catch let error as DL3Error {
            throw CLIError(error)
        }
        let summaries = ObservationSummary.load(observations, table: store.obsTable)
        print(DataStoreReport.header(store))
        print(DataStoreReport.table(summaries))
        for summary in summaries where summary.problem != nil {
            FileHandle.standardError.write(Data("warning: \(summary.problem!)\n".utf8))
        }
        var damaged = summaries.contains { $0.problem != nil }
        if !obsIDs.isEmpty {
            for observation in observations {
                let details = DataStoreReport.details(observation)
                print(details.text)
                details.problems.forEach { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
                damaged = damaged || !details.problems.isEmpty
            }
        }
        // 2: the store was read but some runs are damaged (as for the summary table).
        if damaged { throw ExitCode(2) }
    }
}
