import DL3
import Datasets
import FITSIO
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// On/off spectra in Gammapy's FITS layout: the tutorial's run 23523 (SpectrumDatasetMaker,
/// ReflectedRegionsBackgroundMaker with the tutorial's exclusion, SafeMaskMaker aeff-max 10 %)
/// written and read back, and Gammapy 2.1's own file of the same spectrum (Tests/DatasetsTests/
/// Fixtures/gammapy_spectrum, scripts/reference/spectrum_gadf_reference.py) read as equal to ours.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct SpectrumFITSTests {
    static func tutorialRun() throws -> SpectrumDatasetOnOff {
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy]),
                                               energyAxisTrue: energyTrue, name: "obs-23523")
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let background = try ReflectedRegionsBackgroundMaker(exclusionMask: try ReflectedRegionsFinderTests.exclusion("tutorial"))
        let onOff = try background.run(try SpectrumDatasetMaker().run(empty, observation: observation), observation: observation)
        return try SafeMaskMaker(methods: [.aeffMax], aeffPercent: 10).run(onOff, observation: observation)
    }

    static func expectEqual(_ a: SpectrumDatasetOnOff, _ b: SpectrumDatasetOnOff, tolerance: Double, _ label: String) {
        func close(_ x: [Double]?, _ y: [Double]?) -> Bool {
            guard let x, let y, x.count == y.count else { return x == nil && y == nil }
            return zip(x, y).allSatisfy { abs($0 - $1) <= tolerance * max(abs($1), 1e-300) }
        }
        #expect(a.name == b.name, "\(label)")
        #expect(a.dataset.counts?.data == b.dataset.counts?.data, "\(label) counts")
        #expect(a.countsOff?.data == b.countsOff?.data, "\(label) counts_off")
        #expect(a.acceptance.data == b.acceptance.data && a.acceptanceOff.data == b.acceptanceOff.data, "\(label) acceptances")
        #expect(close(a.dataset.exposure?.data, b.dataset.exposure?.data), "\(label) exposure")
        guard case .kernel(let ka)? = a.dataset.edisp, case .kernel(let kb)? = b.dataset.edisp else {
            Issue.record("\(label): no kernels"); return
        }
        #expect(zip(ka.edispKernelMap.data, kb.edispKernelMap.data).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(label) kernel")
        #expect(close(ka.exposureMap?.data, kb.exposureMap?.data), "\(label) kernel exposure")
        #expect(ka.edispKernelMap.geom.axes == kb.edispKernelMap.geom.axes, "\(label) kernel axes")
        #expect(a.dataset.maskSafe?.data == b.dataset.maskSafe?.data, "\(label) mask")
        // Gammapy may write the GTI in another time reference: compare the intervals' lengths.
        #expect(a.dataset.gti?.count == b.dataset.gti?.count, "\(label) gti")
        #expect(abs((a.dataset.gti?.timeSum ?? 0) - (b.dataset.gti?.timeSum ?? -1)) < 1e-6, "\(label) gti")
        #expect(a.dataset.metaTable.map(\.obsID) == b.dataset.metaTable.map(\.obsID), "\(label) meta")
        #expect(a.dataset.counts?.geom.axes == b.dataset.counts?.geom.axes, "\(label) axes")
        #expect(a.countsOff?.geom.region?.unionParts.count == b.countsOff?.geom.region?.unionParts.count, "\(label) OFF regions")
    }

    @Test func roundTripAndGammapysFile() throws {
        let ours = try Self.tutorialRun()
        let dir = TemporaryDirectory()
        try ours.write(to: dir.file("obs-23523.fits"))
        let read = try SpectrumDatasetOnOff.read(from: dir.file("obs-23523.fits"))
        Self.expectEqual(read, ours, tolerance: 0, "round trip")
        #expect(read.description == ours.description)
        #expect(throws: DatasetError.self) { try ours.write(to: dir.file("obs-23523.fits")) }
        // The HDUs Gammapy writes, in its order.
        let names = try FITSFile(path: dir.file("obs-23523.fits")).hdus.map(\.name)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DatasetsTests/Fixtures/gammapy_spectrum/pha_obsobs-23523.fits").path
        #expect(names == (try FITSFile(path: fixture).hdus.map(\.name)))
        let gammapys = try SpectrumDatasetOnOff.read(from: fixture)
        Self.expectEqual(gammapys, ours, tolerance: 1e-10, "Gammapy's file")
        #expect(gammapys.description == ours.description)
        // Gammapy's datasets.yaml of it, and ours.
        let index = try SpectrumDatasetOnOff.read(index: (fixture as NSString).deletingLastPathComponent + "/datasets.yaml")
        #expect(index.count == 1 && index[0].name == "obs-23523" && index[0].description == ours.description)
        try SpectrumDatasetOnOff.write([ours], directory: dir.path, overwrite: true)
        #expect(try SpectrumDatasetOnOff.read(index: dir.file("datasets.yaml")).map(\.description) == [ours.description])
        #expect(try Datasets.read(from: dir.file("datasets.yaml")).spectra.map(\.description) == [ours.description])
        // For scripts/reference/check_spectrum_roundtrip.py, which opens our file with Gammapy.
        if let keep = ProcessInfo.processInfo.environment["GAMMAKIT_SPECTRUM_OUT"] { try ours.write(to: keep, overwrite: true) }
    }

    /// A datasets.yaml mixing a sky-map dataset and an on/off spectrum (Gammapy's `Datasets`
    /// holds any dataset): written, read back by type, summarised as Gammapy prints it.
    @Test func mixedDatasetsIndex() throws {
        let spectrum = try Self.tutorialRun()
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let geom = try WcsGeom.create(skydir: SkyCoord(lon: 83.63, lat: 22.01), width: LonLat(1.0), binsz: LonLat(0.1), proj: "CAR",
                                      axes: [try MapAxis.fromEnergyBounds(1, 10, nbin: 3, unit: "TeV")])
        let map = try MapDatasetMaker(selection: [.counts]).run(try MapDataset.create(geom: geom, name: "map-23523"), observation: observation)
        let datasets = try Datasets([map, spectrum])
        let dir = TemporaryDirectory()
        try datasets.write(directory: dir.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["datasets.yaml", "map-23523.fits", "pha_obsobs-23523.fits"])
        let index = try String(contentsOfFile: dir.file("datasets.yaml"), encoding: .utf8)
        #expect(index.contains("-   name: map-23523\n    type: MapDataset\n    filename: map-23523.fits\n"))
        #expect(index.contains("-   name: obs-23523\n    type: SpectrumDatasetOnOff\n    filename: pha_obsobs-23523.fits\n"))
        let read = try Datasets.read(from: dir.file("datasets.yaml"))
        #expect(read.names == ["map-23523", "obs-23523"])
        #expect(read.mapDatasets.first?.counts?.data == map.counts?.data && read.spectra.first?.description == spectrum.description)
        #expect(read.description == """
            Datasets
            --------

            Dataset 0: \n\n  Type       : MapDataset
              Name       : map-23523
              Instrument : HESS
              Models     : \n\nDataset 1: \n\n  Type       : SpectrumDatasetOnOff
              Name       : obs-23523
              Instrument : HESS
              Models     : \n\n
            """)
        #expect(throws: DatasetError.self) { try read.stackReduce() }
        // For a check with Gammapy's Datasets.read.
        if let keep = ProcessInfo.processInfo.environment["GAMMAKIT_MIXED_OUT"] { try datasets.write(directory: keep, overwrite: true) }
    }
}
