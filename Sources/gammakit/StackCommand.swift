import ArgumentParser
import Foundation
import GammaKit

/// `gammakit stack OUT`: the final output of a sharded reduction (`reduce --shard`) from its
/// partial datasets in OUT.shards, the same datasets as an unsharded `gammakit reduce`.
struct StackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stack",
        abstract: "Stack (or, for stack: false, collect) the partial datasets of a sharded reduction into its output.",
        discussion: "Reads OUTPUT.shards, written by `gammakit reduce CONFIG --output OUTPUT --shard i/n`, and writes OUTPUT as the unsharded `gammakit reduce CONFIG --output OUTPUT` would: the same datasets, in observation order. Observations without a partial dataset are named and nothing is written, unless --allow-incomplete."
    )

    @Argument(help: "The output directory given to `gammakit reduce --shard`.")
    var output: String

    @Flag(help: "Replace the output directory if it exists.")
    var overwrite = false

    @Flag(help: "Write the datasets of the observations that are done when others failed or were not reduced; those are listed in OUTPUT/failures.yaml and the exit status is 3.")
    var allowIncomplete = false

    @Flag(help: "Also write PNG pictures of each sky-map dataset into OUTPUT/plots.")
    var plots = false

    @Flag(name: .shortAndLong, help: "Print each dataset's summary.")
    var verbose = false

    @Option(help: "File format of 1D spectra: gadf (Gammapy's default), ogip or ogip-sherpa.")
    var spectrumFormat: ReduceCommand.SpectrumFileFormat = .gadf

    func run() throws {
        let start = Date()
        let stacking = ShardStacking(output: output)
        let warn: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
        let result: (names: [String], missing: [ShardStacking.Missing])
        var configFile = stacking.workspace.manifestPath
        do {
            let manifest = try stacking.manifest()
            configFile = manifest.config
            let config = try manifest.readConfig()
            let destination = try OutputDirectory(output, overwrite: overwrite, inputs: config.inputPaths + [stacking.workspace.path])
            destination.notes.forEach { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) }
            let plots = self.plots, verbose = self.verbose
            result = try stacking.write(manifest, config: config, to: destination, allowIncomplete: allowIncomplete, spectrumFormat: spectrumFormat.ogip, alsoWrite: { staging, datasets in
                if plots {
                    let maps = datasets.compactMap { $0 as? MapDataset<WcsGeom> }
                    try DatasetPictures.write(try maps.map { ($0.name, $0, try $0.npredBackground()) }, into: staging)
                    let onOff = datasets.compactMap { $0 as? MapDatasetOnOff<WcsGeom> }
                    try DatasetPictures.write(onOff.map { ($0.name, $0.dataset, $0.npredBackground) }, into: staging)
                }
                for dataset in datasets where verbose { print(dataset) }
            }, warningHandler: warn)
        } catch {
            throw CLIError(error, configFile: configFile)
        }
        print("wrote \(result.names.count) dataset(s) [\(result.names.joined(separator: ", "))] to \(output) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        if !result.missing.isEmpty {
            FileHandle.standardError.write(Data("error: \(result.missing.count) observation(s) left out (\(result.missing.map { String($0.obsID) }.joined(separator: ", "))); they are listed in \((output as NSString).appendingPathComponent(FailuresFile.name))\n".utf8))
            throw ExitCode(3)
        }
    }
}
