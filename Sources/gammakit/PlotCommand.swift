import ArgumentParser
import Foundation
import GammaKit
import MapPlots

extension Stretch: ExpressibleByArgument {}

/// `gammakit plot MAP.fits [--hdu NAME] [--stretch linear|sqrt|log] [--regions datasets.yaml]
/// -o map.png`: a picture of a sky map (summed over its non-spatial axes; masks too), with the ON
/// and OFF regions of on/off spectra drawn over it.
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

    @Option(help: "Colour map: viridis (Gammapy's default) or RdBu_r (diverging, for signed maps).")
    var colormap: Colormap?

    @Flag(help: "A colour scale symmetric about zero.")
    var symmetric = false

    @Flag(help: "A significance map's look: diverging, symmetric, ±3σ and 5σ marked (the default for an SQRT_TS HDU).")
    var significance = false

    @Option(help: "Title above the picture (default: the file and HDU name).")
    var title: String?

    @Flag(help: "Replace the PNG file if it exists.")
    var overwrite = false

    @Option(help: "Memory reading the map may use, e.g. 32GB (default: this machine's memory); larger maps are refused before reading.")
    var maxMemory: String?

    @Flag(help: "Draw the picture even when the map has no finite value or a WCS larger than the sky.")
    var force = false

    @Option(help: "On/off spectra whose ON region (white) and OFF regions (a colour per spectrum) are drawn: a datasets.yaml or one spectrum file (Gammapy's FITS layout or OGIP). Repeatable.")
    var regions: [String] = []

    @Option(help: "A region to outline, in DS9 syntax, e.g. 'icrs;circle(83.63,22.01,0.2)'. Repeatable.")
    var region: [String] = []

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("--output must name a PNG file") }
        if let maxMemory, MachineMemory.parse(maxMemory) == nil {
            throw ValidationError("--max-memory: '\(maxMemory)' is not a size; write e.g. 32GB or 500MB")
        }
    }

    func run() throws {
        if !overwrite && FileManager.default.fileExists(atPath: output) {
            throw CLIError("\(output) exists; pass --overwrite to replace it")
        }
        let outlines = try regionsToDraw()
        let image: WcsNDMap<Double>
        do {
            let file = try FITSFile(path: map)
            try checkSize(of: try WcsNDMap<Double>.mapHDU(in: file, hdu: hdu))
            image = try WcsNDMap<Double>.read(from: file, hdu: hdu)
        } catch let error as FITSError {
            throw CLIError(error)
        } catch let error as MapError {
            throw CLIError("cannot plot \(map): \(error)")
        }
        // The picture summed over the non-spatial axes once, for the checks and the drawing.
        let picture: WcsNDMap<Double>
        do {
            picture = try MapPlot.image(of: image)
        } catch let error as MapError {
            throw CLIError("cannot plot \(map): \(error)")
        }
        let problems = MapPlot.problems(of: picture)
        for problem in problems { FileHandle.standardError.write(Data("warning: \(map): \(problem)\n".utf8)) }
        if !problems.isEmpty && !force {
            FileHandle.standardError.write(Data("no picture written (pass --force to draw it anyway)\n".utf8))
            throw ExitCode(2)
        }
        let name = (map as NSString).lastPathComponent
        let pictureTitle = title ?? (hdu.map { "\(name) [\($0.uppercased())]" } ?? name)
        var options = significance || (hdu?.uppercased() == "SQRT_TS" && colormap == nil) ? MapPlotOptions.significance(title: pictureTitle)
                                                                                           : MapPlotOptions(title: pictureTitle)
        options.stretch = stretch
        options.colormap = colormap ?? options.colormap
        options.symmetric = options.symmetric || symmetric
        options.regions = outlines
        do {
            try MapPlot.writePNG(picture, to: output, options: options, overwrite: overwrite)
        } catch let error as MapPlotError {
            throw CLIError(error)
        } catch let error as MapError {
            throw CLIError("cannot plot \(map): \(error)")
        }
        let axes = image.geom.axes.isEmpty ? "" : " (summed over \(image.geom.axes.names.joined(separator: ", ")))"
        print("wrote \(output): \(image.geom.npix.lon) × \(image.geom.npix.lat) pixels\(axes), \(stretch.rawValue) stretch, \(options.colormap.rawValue)\(options.symmetric ? " symmetric" : "")")
    }

    /// The ON and OFF regions of the spectra `--regions` names (each ON region once, white; the
    /// OFF regions of each spectrum in the next colour of matplotlib's cycle, labelled with its
    /// name, as Gammapy's `plot_spectrum_datasets_off_regions`) and the `--region` outlines.
    private func regionsToDraw() throws -> [PlotRegion] {
        var drawn: [PlotRegion] = []
        var onRegions: [SkyRegion] = []
        var colour = 0
        for path in regions {
            let spectra: [SpectrumDatasetOnOff]
            do {
                spectra = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
                    ? try Datasets.read(from: path).spectra : [try SpectrumDatasetOnOff.read(from: path)]
            } catch {
                throw CLIError("--regions \(path): \(error)")
            }
            if spectra.isEmpty { throw CLIError("--regions \(path): no on/off spectrum in it") }
            for spectrum in spectra {
                if let on = spectrum.dataset.counts?.geom.region, !onRegions.contains(on) {
                    onRegions.append(on)
                    drawn.append(PlotRegion(on, color: (1, 1, 1), label: onRegions.count == 1 ? "ON" : nil))
                }
                if let off = spectrum.countsOff?.geom.region {
                    drawn.append(PlotRegion(off, color: PlotRegion.cycle[colour % PlotRegion.cycle.count], label: spectrum.name))
                    colour += 1
                }
            }
        }
        for text in region {
            do {
                drawn += try SkyRegion.parseDS9(text).map { PlotRegion($0, color: (1, 1, 1)) }
            } catch {
                throw CLIError("--region '\(text)': \(error)")
            }
        }
        return drawn
    }

    /// Refuses a map whose data, read as doubles with its summed image, would not fit in
    /// memory: the header tells the size before anything is read.
    private func checkSize(of hdu: FITSHDU) throws {
        let shape = hdu.imageShape
        let pixels = shape.reduce(1.0) { $0 * Double($1) }
        let imagePixels = shape.prefix(2).reduce(1.0) { $0 * Double($1) }
        let bytes = 8 * pixels + 16 * imagePixels
        let limit = maxMemory.flatMap(MachineMemory.parse) ?? MachineMemory.bytes
        guard bytes > limit else { return }
        let size = shape.map(String.init).joined(separator: " × ")
        throw CLIError("\(map), HDU \(hdu.name): a map of \(size) pixels needs about \(ReductionMemory.size(bytes)) to plot, "
                       + "more than \(maxMemory == nil ? "this machine has" : "--max-memory allows") (\(ReductionMemory.size(limit))); "
                       + "cut it out or downsample it first, or raise the bound with --max-memory")
    }
}

extension Colormap: ExpressibleByArgument {}
