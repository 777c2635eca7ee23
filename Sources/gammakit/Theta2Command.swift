import ArgumentParser
import Foundation
import GammaKit
import MapPlots

/// `gammakit theta2 CONFIG.yaml -o DIR`: Gammapy's `make_theta_squared_table` over the
/// observations a Gammapy AnalysisConfig selects, around its ON region (or map centre): the
/// table printed, written as DIR/theta2.fits, and drawn as DIR/theta2.png.
struct Theta2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theta2",
        abstract: "Theta² distribution of ON and mirrored OFF events, as Gammapy's make_theta_squared_table.",
        discussion: """
        The position is --position, else datasets.on_region's centre, else datasets.geom.wcs.skydir. OFF positions mirror \
        the ON position through each run's pointing (--off-regions N spreads N of them), unless --position-off is given.
        Writes DIR/theta2.fits (a table Gammapy's Table.read opens) and DIR/theta2.png.
        """
    )

    @Argument(help: "Gammapy AnalysisConfig YAML: its observations section selects the runs.")
    var config: String

    @Option(name: .shortAndLong, help: "Directory to write into (made if needed).")
    var output: String

    @Option(help: "ON position 'LON LAT' in degrees (frame from the config, else icrs).")
    var position: String?

    @Option(help: "A fixed OFF position 'LON LAT' in degrees, same frame.")
    var positionOff: String?

    @Option(help: "Upper edge of the theta² axis in deg² (the ON radius is its square root).")
    var theta2Max: Double = 0.2

    @Option(help: "Number of theta² bins (equal widths from 0).")
    var bins: Int = 25

    @Option(help: "Only events with energy ≥ this (TeV); needs --energy-max.")
    var energyMin: Double?

    @Option(help: "Only events with energy < this (TeV).")
    var energyMax: Double?

    @Option(help: "Number of mirrored OFF regions per run.")
    var offRegions: Int = 1

    @Flag(help: "Replace the files if they exist.")
    var overwrite = false

    func validate() throws {
        guard theta2Max > 0, theta2Max.isFinite else { throw ValidationError("--theta2-max must be > 0 deg²") }
        guard bins >= 1 else { throw ValidationError("--bins must be ≥ 1") }
        guard offRegions >= 1 else { throw ValidationError("--off-regions must be ≥ 1") }
        guard (energyMin == nil) == (energyMax == nil) else { throw ValidationError("give both --energy-min and --energy-max, or neither") }
        if let energyMin, let energyMax, !(energyMin < energyMax) { throw ValidationError("--energy-min must be below --energy-max") }
    }

    func run() throws {
        let files = ["theta2.fits", "theta2.png"].map { (output as NSString).appendingPathComponent($0) }
        for path in files where !overwrite && FileManager.default.fileExists(atPath: path) {
            throw CLIError("\(path) exists; pass --overwrite to replace it")
        }
        do {
            let analysis = try AnalysisConfig.read(path: config)
            let selection = try ObservationSelection(config: analysis)
            selection.warnings.forEach { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
            let (on, off) = try positions(analysis)
            let table = try ThetaSquaredTable.make(
                observations: selection.observations, theta2Edges: NumpyCompat.linspace(0, theta2Max, bins + 1), position: on,
                positionOff: off, energyRange: energyMin.flatMap { low in energyMax.map { low...$0 } }, offRegionsNumber: offRegions,
                warningHandler: { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) })
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try table.write(to: files[0], overwrite: overwrite)
            try ErrorBarPlot.writePNG(panels: Self.panels(table), xLabel: "Theta² [deg²]",
                                      title: "\(selection.observations.count) observation(s) around \(String(format: "%.3f, %.3f", on.lon, on.lat))",
                                      to: files[1], overwrite: overwrite)
            print(Self.text(table))
            let counts = table.rows.map(\.counts).reduce(0, +), countsOff = table.rows.map(\.countsOff).reduce(0, +)
            print("\ntotal: \(counts) counts, \(fixed(countsOff, 0)) OFF counts, excess \(fixed(table.rows.map(\.excess).reduce(0, +), 1)); wrote \(files.joined(separator: ", "))")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(config): \(error)")
        }
    }

    /// The ON and OFF positions, in the configured frame.
    func positions(_ analysis: AnalysisConfig) throws -> (SkyCoord, SkyCoord?) {
        let onRegion = analysis.datasets.onRegion, skydir = analysis.datasets.geom.wcs.skydir
        let frame = (onRegion.lon != nil ? onRegion.frame : nil) ?? skydir.frame ?? .icrs
        func parse(_ text: String, _ option: String) throws -> SkyCoord {
            let parts = text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
            guard parts.count == 2, abs(parts[1]) <= 90 else { throw CLIError("\(option) '\(text)': expected 'LON LAT' in degrees") }
            return SkyCoord(lon: parts[0], lat: parts[1], frame: frame)
        }
        let off = try positionOff.map { try parse($0, "--position-off") }
        if let position { return (try parse(position, "--position"), off) }
        if let lon = onRegion.lon, let lat = onRegion.lat { return (SkyCoord(lon: lon, lat: lat, frame: frame), off) }
        if let lon = skydir.lon, let lat = skydir.lat { return (SkyCoord(lon: lon, lat: lat, frame: frame), off) }
        throw CLIError("\(config): no position: pass --position, or give datasets.on_region or datasets.geom.wcs.skydir")
    }

    /// Gammapy's `plot_theta_squared_table`: counts, OFF counts (√N errors) and excess (WStat
    /// errors) above, the significance below.
    static func panels(_ table: ThetaSquaredTable) -> [ErrorBarPanel] {
        let rows = table.rows
        let x = rows.map { ($0.theta2Min + $0.theta2Max) / 2 }, low = rows.map(\.theta2Min), high = rows.map(\.theta2Max)
        func series(_ label: String, _ y: [Double], _ down: [Double], _ up: [Double]) -> ErrorBarSeries {
            ErrorBarSeries(label: label, x: x, xLow: low, xHigh: high, y: y, yErrorLow: down, yErrorHigh: up)
        }
        let counts = rows.map { Double($0.counts) }, off = rows.map(\.countsOff)
        let none = [Double](repeating: 0, count: rows.count)
        return [
            ErrorBarPanel(yLabel: "Counts", series: [series("Counts", counts, counts.map { $0.squareRoot() }, counts.map { $0.squareRoot() }),
                                                     series("Counts Off", off, off.map { $0.squareRoot() }, off.map { $0.squareRoot() }),
                                                     series("Excess", rows.map(\.excess), rows.map(\.excessErrn), rows.map(\.excessErrp))]),
            ErrorBarPanel(yLabel: "Significance", series: [series("Significance", rows.map(\.sqrtTS), none, none)], referenceLine: 0),
        ]
    }

    static func text(_ table: ThetaSquaredTable) -> String {
        var text = TextTable([("theta2_min", "deg2", .right), ("theta2_max", "deg2", .right), ("counts", "", .right), ("counts_off", "", .right),
                              ("alpha", "", .right), ("excess", "", .right), ("sqrt_ts", "", .right), ("excess_errn", "", .right), ("excess_errp", "", .right)])
        for r in table.rows {
            text.append([fixed(r.theta2Min, 3), fixed(r.theta2Max, 3), String(r.counts), fixed(r.countsOff, 0), fixed(r.alpha, 3),
                         fixed(r.excess, 1), fixed(r.sqrtTS, 2), fixed(r.excessErrn, 1), fixed(r.excessErrp, 1)])
        }
        return text.rendered
    }
}
