import ArgumentParser
import Foundation
import GammaKit
import MapPlots

/// `gammakit significance DATASET.fits -o DIR`: Gammapy's `ExcessMapEstimator` on a reduced
/// sky-map dataset (a stacked ring reduction, or a MapDatasetOnOff): the significance and excess
/// maps as FITS and PNG pictures.
struct SignificanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "significance",
        abstract: "Excess and Li & Ma significance maps of a dataset, as Gammapy's ExcessMapEstimator makes them.",
        discussion: "Writes DIR/significance.fits (SQRT_TS, NPRED_EXCESS, NPRED, NPRED_BACKGROUND, TS maps), DIR/sqrt_ts.png and DIR/npred_excess.png."
    )

    @Argument(help: "A MapDataset or MapDatasetOnOff FITS file with one energy bin (e.g. a ring reduction's stacked.fits).")
    var dataset: String

    @Option(name: .shortAndLong, help: "Directory to write into (made if needed).")
    var output: String

    @Option(help: "Correlation radius in degrees (Gammapy's default 0.1).")
    var correlationRadius: Double = 0.1

    @Flag(help: "Replace the files if they exist.")
    var overwrite = false

    func run() throws {
        for file in SignificanceOutput.files {
            let path = (output as NSString).appendingPathComponent(file)
            if !overwrite && FileManager.default.fileExists(atPath: path) { throw CLIError("\(path) exists; pass --overwrite to replace it") }
        }
        do {
            let maps = try SignificanceOutput.maps(of: dataset, correlationRadius: correlationRadius)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try SignificanceOutput.write(maps, directory: output, title: (dataset as NSString).lastPathComponent, overwrite: overwrite)
            let finite = maps.sqrtTS.data.filter { !$0.isNaN }
            print("wrote \(SignificanceOutput.files.joined(separator: ", ")) to \(output): maximum significance \(String(format: "%.2f", finite.max() ?? .nan)) σ")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(dataset): \(error)")
        }
    }
}
