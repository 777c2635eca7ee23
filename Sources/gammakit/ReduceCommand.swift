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

    @Option(help: "Memory the reduction may use, e.g. 64GB (default: this machine's memory); larger estimates are refused before any work.")
    var maxMemory: String?

    @Option(help: "Observations reduced at once (default: the number of cores); the output does not depend on it.")
    var jobs: Int = Reduction.defaultJobs

    @Flag(help: "Also write PNG pictures of each sky-map dataset (counts, background, excess, exposure, safe mask) into DIR/plots.")
    var plots = false

    @Flag(name: .shortAndLong, help: "Print each dataset's summary.")
    var verbose = false

    @Flag(help: "Reduce and write the other observations when some cannot be (files missing or damaged, bad IRFs): they are listed in DIR/failures.yaml and the exit status is 3.")
    var skipFailed = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors and warnings: no progress, no table of observations.")
    var quiet = false

    @Option(help: "File format of 1D spectra: gadf (Gammapy's default), ogip or ogip-sherpa (PHA, BKG, ARF and RMF files, for XSPEC and Sherpa).")
    var spectrumFormat: SpectrumFileFormat = .gadf

    @Option(help: ArgumentHelp("Reduce only the i-th of n deterministic shards of the selected observations, into partial datasets in OUTPUT.shards; `gammakit stack OUTPUT` then writes OUTPUT. A rerun skips what is done.", valueName: "i/n"))
    var shard: String?

    @Option(help: "Where the reduction runs: local (this process), or slurm (its shards as one Slurm job array, then a job running `gammakit stack`).")
    var engine: Engine = .local

    @Option(help: "With --engine slurm: the number of shards, one array task each (default: one per 10 observations; at most MaxArraySize − 1).")
    var tasks: Int?

    @Option(help: "With --engine slurm: the Slurm partition of the jobs.")
    var partition: String?

    @Option(name: .customLong("sbatch-arg"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("With --engine slurm: a further sbatch argument for both jobs, e.g. --sbatch-arg=--time=02:00:00 (repeatable).", valueName: "arg"))
    var sbatchArguments: [String] = []

    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    /// The formats `SpectrumDatasetOnOff.write` offers.
    enum SpectrumFileFormat: String, ExpressibleByArgument, CaseIterable {
        case gadf, ogip
        case ogipSherpa = "ogip-sherpa"

        var ogip: OGIPFormat? { self == .gadf ? nil : OGIPFormat(rawValue: rawValue) }
    }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("--shard: \(error.message)") }
            if overwrite || plots || skipFailed {
                throw ValidationError("--shard writes partial datasets, which are never overwritten and always skip failed observations; pass --overwrite and --plots to gammakit stack")
            }
            if engine != .local { throw ValidationError("--shard runs one shard here; --engine \(engine.rawValue) runs all of them") }
        }
        if engine == .local && (tasks != nil || partition != nil || !sbatchArguments.isEmpty) {
            throw ValidationError("--tasks, --partition and --sbatch-arg go with --engine slurm")
        }
        if let tasks, tasks < 1 { throw ValidationError("--tasks must be at least 1, got \(tasks)") }
        if let maxMemory, MachineMemory.parse(maxMemory) == nil {
            throw ValidationError("--max-memory: '\(maxMemory)' is not a size; write e.g. 64GB or 500MB")
        }
    }

    func run() throws {
        let start = Date()
        do {
            let analysis = try AnalysisConfig.read(path: config)
            if engine == .slurm {
                return try SlurmSubmitRun(config: config, analysis: analysis, output: output, overwrite: overwrite, plots: plots,
                                          maxMemory: maxMemory, spectrumFormat: spectrumFormat, tasks: tasks,
                                          engine: SlurmEngine(partition: partition, sbatchArguments: sbatchArguments)).run()
            }
            if let shard { return try ShardCommandRun(config: config, analysis: analysis, output: output, jobs: jobs, maxMemory: maxMemory, quiet: quiet).run(try Shard(parsing: shard)) }
            if plots && analysis.datasets.type == .spectrum { throw CLIError("--plots draws sky maps; \(config) makes 1D spectra") }
            // Refuse a bad output before any work, not after it.
            let destination = try OutputDirectory(output, overwrite: overwrite, inputs: analysis.inputPaths)
            let warn: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
            destination.notes.forEach { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) }
            let names: [String]
            let progress = ReductionProgress(quiet: quiet)
            if analysis.datasets.type == .spectrum {
                let spectra = try Reduction.runSpectra(config: analysis, jobs: jobs, onObservation: progress.record, skipFailed: skipFailed, warningHandler: warn)
                try progress.checkSomethingReduced()
                try Reduction.write(spectra, to: destination, format: spectrumFormat.ogip) { staging in try progress.writeFailures(into: staging) }
                for spectrum in spectra where verbose { print(spectrum) }
                names = spectra.map(\.name)
            } else {
                if spectrumFormat != .gadf {
                    throw CLIError("--spectrum-format \(spectrumFormat.rawValue) applies to 1D spectra (datasets.type: 1d), and \(config) makes 3D datasets")
                }
                let memoryLimit = maxMemory.flatMap(MachineMemory.parse)
                if analysis.datasets.makesOnOffMaps {
                    let datasets = try Reduction.runOnOff(config: analysis, memoryLimit: memoryLimit, jobs: jobs, onObservation: progress.record, skipFailed: skipFailed, warningHandler: warn)
                    try progress.checkSomethingReduced()
                    try Reduction.write(datasets, to: destination) { staging in
                        try progress.writeFailures(into: staging)
                        if plots { try DatasetPictures.write(datasets.map { ($0.name, $0.dataset, $0.npredBackground) }, into: staging) }
                    }
                    for dataset in datasets where verbose { print(dataset) }
                    names = datasets.map { $0.name }
                } else {
                    let datasets = try Reduction.run(config: analysis, memoryLimit: memoryLimit, jobs: jobs, onObservation: progress.record, skipFailed: skipFailed, warningHandler: warn)
                    try progress.checkSomethingReduced()
                    try Reduction.write(datasets, to: destination) { staging in
                        try progress.writeFailures(into: staging)
                        if plots { try DatasetPictures.write(try datasets.map { ($0.name, $0, try $0.npredBackground()) }, into: staging) }
                    }
                    for dataset in datasets where verbose { print(dataset) }
                    names = datasets.map(\.name)
                }
            }
            if !quiet { print(progress.table + "\n") }
            print("wrote \(names.count) dataset(s) [\(names.joined(separator: ", "))] to \(output) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
            let failures = progress.failures
            if !failures.isEmpty {
                FileHandle.standardError.write(Data("error: \(failures.count) observation(s) failed (\(failures.map { String($0.obsID) }.joined(separator: ", "))); they are listed in \((output as NSString).appendingPathComponent(FailuresFile.name))\n".utf8))
                throw ExitCode(3)
            }
        } catch let error as CLIError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw CLIError(error, configFile: config)
        }
    }
}
