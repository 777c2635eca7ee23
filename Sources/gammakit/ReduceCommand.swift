import ArgumentParser
import Foundation
import GammaKit

/// `gammakit reduce CONFIG.yaml --output DIR [--overwrite]`: Gammapy's `Analysis` data
/// reduction (get_observations + get_datasets) from its own AnalysisConfig YAML.
struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce",
        abstract: "Reduce observations to datasets as Gammapy's Analysis does, from a Gammapy AnalysisConfig YAML.",
        discussion: "Writes DIR/datasets.yaml and one FITS file per dataset (and models.yaml for unstacked FoV-background reductions), readable by gammapy's Datasets.read."
    )

    @Argument(help: "Gammapy AnalysisConfig YAML; relative paths in it are resolved against its folder.")
    var config: String

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String

    @Flag(help: "Replace the output directory if it exists.")
    var overwrite = false

    @Flag(name: .shortAndLong, help: "Print each dataset's summary.")
    var verbose = false

    func run() throws {
        let start = Date()
        // Refuse an existing output before any work, not after it.
        if FileManager.default.fileExists(atPath: output) && !overwrite {
            throw CLIError("output directory \(output) exists (pass --overwrite to replace it)")
        }
        do {
            let analysis = try AnalysisConfig.read(path: config)
            let warn: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
            let datasets = try Reduction.run(config: analysis, warningHandler: warn)
            try Reduction.write(datasets, to: output, overwrite: overwrite)
            for dataset in datasets where verbose { print(dataset) }
            let names = datasets.map(\.name).joined(separator: ", ")
            print("wrote \(datasets.count) dataset(s) [\(names)] to \(output) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(error)
        }
    }
}
