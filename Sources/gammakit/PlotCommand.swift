import ArgumentParser
import Foundation
import GammaKit
import MapPlots

extension Stretch: ExpressibleByArgument {}

/// `gammakit plot MAP.fits [--hdu NAME] [--stretch linear|sqrt|log] -o map.png`: a picture of
/// a sky map (summed over its non-spatial axes; masks too).
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Render a sky map (Gammapy's FITS layout) as a PNG picture with sky axes and a colour bar."
    )

    @Argument(help: "Map file (.fits or .fits.gz) as Gammapy's Map.write or GammaKit writes it.")
    var map: String

    @Option(help: "HDU holding the map (default: the first HDU with data), e.g. COUNTS in a MapDataset file.")
    var hdu: String?

    @Option(help: "Colour stretch: linear, sqrt or log.")
    var stretch: Stretch = .linear

    @Option(name: [.customShort("o"), .customLong("output")], help: "PNG file to write.")
    var output: String

    @Option(help: "Title above the picture (default: the file and HDU name).")
    var title: String?

    @Flag(help: "Replace the PNG file if it exists.")
    var overwrite = false

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("--output must name a PNG file") }
    }

    func run() throws {
        if !overwrite && FileManager.default.fileExists(atPath: output) {
            throw CLIError("\(output) exists; pass --overwrite to replace it")
        }
        let image: WcsNDMap<Double>
        do {
            image = try WcsNDMap<Double>.read(from: map, hdu: hdu)
        } catch let error as FITSError {
            throw CLIError(error)
        } catch let error as MapError {
            throw CLIError("cannot plot \(map): \(error)")
        }
        let name = (map as NSString).lastPathComponent
        let options = MapPlotOptions(title: title ?? (hdu.map { "\(name) [\($0.uppercased())]" } ?? name), stretch: stretch)
        do {
            try MapPlot.writePNG(image, to: output, options: options, overwrite: overwrite)
        } catch let error as MapPlotError {
            throw CLIError(error)
        } catch let error as MapError {
            throw CLIError("cannot plot \(map): \(error)")
        }
        let axes = image.geom.axes.isEmpty ? "" : " (summed over \(image.geom.axes.names.joined(separator: ", ")))"
        print("wrote \(output): \(image.geom.npix.lon) × \(image.geom.npix.lat) pixels\(axes), \(stretch.rawValue) stretch")
    }
}
