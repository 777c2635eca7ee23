// The Swift edition of Gammapy's makers tutorial ("Makers - Data reduction"): the same steps,
// the same printed summaries. Run with `swift run makers-tutorial [PLOT_DIR]` and GAMMAPY_DATA set;
// with PLOT_DIR, the tutorial's two figures are written there as PNG files. It ends with the
// tutorial's loop of on/off spectra (reflected regions) and their Datasets summary.
import Foundation
import GammaKit
import MapPlots

guard let gammapyData = ProcessInfo.processInfo.environment["GAMMAPY_DATA"] else {
    FileHandle.standardError.write(Data("makers-tutorial: set GAMMAPY_DATA to a gammapy-data folder\n".utf8))
    exit(1)
}
let plotDirectory = CommandLine.arguments.dropFirst().first

func plot<E: MapElement>(_ map: WcsNDMap<E>, _ name: String, stretch: Stretch = .linear) throws {
    guard let plotDirectory else { return }
    try FileManager.default.createDirectory(atPath: plotDirectory, withIntermediateDirectories: true)
    let path = (plotDirectory as NSString).appendingPathComponent(name)
    try MapPlot.writePNG(map, to: path, options: MapPlotOptions(title: name, stretch: stretch), overwrite: true)
    print("(figure written to \(path))\n")
}

do {
    // Dataset: an empty MapDataset on the tutorial geometry.
    let energyAxis = try MapAxis.fromBounds(1, 10, nbin: 11, name: "energy", unit: "TeV", interp: .log)
    var geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.05, frame: .icrs,
                                  axes: [energyAxis])
    var datasetEmpty = try MapDataset.create(geom: geom)
    print(datasetEmpty)

    // IRFs in their own true-energy binning.
    let energyAxisTrue = try MapAxis.fromBounds(0.3, 10, nbin: 31, name: "energy_true", unit: "TeV", interp: .log)
    datasetEmpty = try MapDataset.create(geom: geom, energyAxisTrue: energyAxisTrue)

    // Fill the dataset with observation 23592.
    let dataStore = try DataStore(directory: gammapyData + "/hess-dl3-dr1")
    let observation = try dataStore.observation(23592)
    let maker = MapDatasetMaker()
    var dataset = try maker.run(datasetEmpty, observation: observation)
    print(dataset)
    try plot(dataset.counts!.sumOverAxes(), "counts.png", stretch: .sqrt)

    // Safe data range.
    let safeMaskMaker = try SafeMaskMaker(methods: [.aeffDefault, .offsetMax], offsetMax: 3)
    dataset = try maker.run(datasetEmpty, observation: observation)
    dataset = try safeMaskMaker.run(dataset, observation: observation)
    print(dataset.maskSafe!)
    try plot(dataset.maskSafe!.converted(to: Double.self).sumOverAxes(), "mask_safe.png")

    // FoV background: scale the background outside a circle around the source.
    let circle = SkyRegion.circle(center: geom.centerSkyDir, radius: 0.2)
    let exclusionMask = geom.regionMask([circle], inside: false)
    let fovBackgroundMaker = FoVBackgroundMaker(method: .scale, exclusionMask: exclusionMask)
    dataset = try fovBackgroundMaker.run(dataset)
    print("FoV background norm: \(dataset.backgroundModel!.norm.value)\n")

    // The data-reduction loop: cutout, make, safe mask, FoV background, stack.
    let observations = try dataStore.observations([23523, 23592, 23526, 23559]).observations
    geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.02, axes: [energyAxis])
    var stacked = try MapDataset.create(geom: geom)
    for observation in observations {
        let pointing = try observation.pointingICRS(at: observation.tmid())
        var local = try stacked.cutout(position: pointing, width: 6)
        local = try maker.run(local, observation: observation)
        local = try safeMaskMaker.run(local, observation: observation)
        local = try fovBackgroundMaker.run(local)
        try stacked.stack(local)
    }
    print(stacked)

    // The same loop with DatasetsMaker, one dataset per observation.
    let globalDataset = try MapDataset.create(geom: geom)
    let datasetsMaker = DatasetsMaker(makers: [maker, safeMaskMaker, fovBackgroundMaker], stackDatasets: false)
    let datasets = try datasetsMaker.run(globalDataset, observations: observations) { _ in MapDataset.makeName() }
    print(try Datasets(datasets))

    // Spectrum datasets: the classic loop of on/off spectra in the ON circle, OFF counts from
    // reflected regions outside the exclusion mask, safe mask at 10 % of the maximal area.
    let spectrumDatasetEmpty = try SpectrumDataset.create(geom: try RegionGeom(region: circle, axes: [energyAxis]),
                                                          energyAxisTrue: energyAxisTrue)
    let spectrumDatasetMaker = try SpectrumDatasetMaker(selection: [.counts, .exposure, .edisp], containmentCorrection: false)
    let reflectedBackgroundMaker = try ReflectedRegionsBackgroundMaker(exclusionMask: exclusionMask)
    let spectrumSafeMaskMaker = try SafeMaskMaker(methods: [.aeffMax], aeffPercent: 10)
    var spectra = try Datasets()
    for observation in observations {
        let spectrum = try spectrumDatasetMaker.run(spectrumDatasetEmpty.copy(name: "obs-\(observation.obsID)"), observation: observation)
        let onOff = try reflectedBackgroundMaker.run(spectrum, observation: observation)
        try spectra.append(try spectrumSafeMaskMaker.run(onOff, observation: observation))
    }
    print(spectra)
} catch {
    FileHandle.standardError.write(Data("makers-tutorial: \(error)\n".utf8))
    exit(1)
}
