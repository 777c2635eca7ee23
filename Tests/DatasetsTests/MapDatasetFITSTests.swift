import DL3
@testable import Datasets
import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport

/// Datasets in Gammapy's FITS and datasets.yaml layout: a Gammapy-written directory
/// (`Fixtures/gammapy_datasets`, H.E.S.S. run 23592 on a small geometry) opens in GammaKit with
/// Gammapy's numbers; GammaKit's files read back identical, with Gammapy's HDUs, dtypes and
/// keywords; bad input gives errors naming the path.
///
/// With `GAMMAKIT_DATASET_ROUNDTRIP_DIR` set, `writesFilesForGammapy` leaves GammaKit-written
/// directories there for `scripts/reference/check_dataset_roundtrip.py` to open with Gammapy.
@Suite struct MapDatasetFITSTests {
    static let gammapyIndex = DatasetsFixture.path("gammapy_datasets") + "/datasets.yaml"

    @Test func gammapyWrittenDatasetOpens() throws {
        let datasets = try Datasets.read(from: Self.gammapyIndex)
        #expect(datasets.names == ["small-23592"])
        let dataset = datasets.mapDatasets[0]
        let reference = DatasetsFixture.section("gammapy_datasets")
        let sums = reference["sums"] as! [String: Double]
        func sum(_ map: WcsNDMap<Double>?) -> Double { map!.data.filter { !$0.isNaN }.reduce(0, +) }
        #expect(sum(dataset.counts) == sums["counts"])
        for (name, value) in [("exposure", sum(dataset.exposure)), ("background", sum(dataset.background)),
                              ("psf", sum(dataset.psf?.psfMap)), ("psf_exposure", sum(dataset.psf?.exposureMap))] {
            #expect(abs(value - sums[name]!) <= 1e-12 * abs(sums[name]!), "\(name)")
        }
        guard case .kernel(let edisp) = dataset.edisp else { Issue.record("expected a kernel map"); return }
        #expect(abs(sum(edisp.edispKernelMap) - sums["edisp"]!) < 1e-9)
        #expect(Double(dataset.maskSafe!.data.filter { $0 }.count) == sums["mask_safe"])
        #expect(dataset.precision == .float64)
        #expect(dataset.exposure?.meta["livetime"]?.hasSuffix(" s") == true && dataset.exposure?.meta["is_pointlike"] == "false")
        #expect(dataset.metaTable == [MetaTableRow(telescope: "HESS", obsID: 23592, obsMode: "POINTING",
                                                   raPointing: 82.0133333285646, decPointing: 22.014444444444)])
        let gti = reference["gti"] as! [Double]
        #expect(dataset.gti?.start == [gti[0]] && dataset.gti?.stop == [gti[1]] && dataset.gti?.reference.timeSystem == .tt)
        #expect(dataset.description == reference["summary"] as! String)
        // the summary with a FoV background model, as Gammapy prints it
        var fov = dataset
        fov.backgroundModel = BackgroundNormModel(norm: .init(value: reference["fov_norm"] as! Double),
                                                  tilt: .init(value: reference["fov_tilt"] as! Double, frozen: true))
        #expect(fov.description == reference["summary_fov"] as! String)
    }

    @Test func roundTripKeepsEverything() throws {
        let dir = TemporaryDirectory()
        let original = try Datasets.read(from: Self.gammapyIndex).mapDatasets[0]
        try original.write(to: dir.file("small.fits"))
        let back = try MapDataset<WcsGeom>.read(from: dir.file("small.fits"))
        #expect(back.name == original.name)
        expectIdentical(back, original)
        #expect(back.exposure?.meta == original.exposure?.meta)

        // a stacked float32 dataset with a two-row meta table, a fit mask and a migra EDispMap
        var stacked = try MapDatasetStackTests.base(migra: true, name: "with spaces")
        stacked.maskFit = .fromGeom(try stacked.geom, fill: true)
        try stacked.stack(try DatasetsFixture.dataset("stack_ds3_migra.fits.gz"))
        stacked.metaTable.append(MetaTableRow(telescope: "CTA", obsID: 7, obsMode: "DRIFT", raPointing: 1, decPointing: 2))
        try Datasets([stacked]).write(directory: dir.file("out"))
        #expect(FileManager.default.fileExists(atPath: dir.file("out/with_spaces.fits")))
        let read = try Datasets.read(from: dir.file("out/datasets.yaml")).mapDatasets[0]
        #expect(read.name == "with spaces")
        expectIdentical(read, stacked)
    }

    /// HDU names, order, dtypes and keywords as Gammapy's `MapDataset.write`.
    @Test func fileLayoutAsGammapy() throws {
        let dir = TemporaryDirectory()
        var dataset = try MapDatasetStackTests.stacked()
        dataset.name = "stacked"
        try dataset.write(to: dir.file("stacked.fits"))
        let file = try FITSFile(path: dir.file("stacked.fits"))
        let gammapy = try FITSFile(path: DatasetsFixture.path("stack_result.fits.gz"))
        #expect(file.hdus.map(\.name) == gammapy.hdus.map(\.name))
        #expect(file.hdus.map(\.name) == ["PRIMARY", "COUNTS", "COUNTS_BANDS", "EXPOSURE", "EXPOSURE_BANDS", "BACKGROUND",
                                          "BACKGROUND_BANDS", "EDISP", "EDISP_BANDS", "EDISP_EXPOSURE", "EDISP_EXPOSURE_BANDS",
                                          "PSF", "PSF_BANDS", "PSF_EXPOSURE", "PSF_EXPOSURE_BANDS", "MASK_SAFE", "MASK_SAFE_BANDS",
                                          "MASK_FIT", "MASK_FIT_BANDS", "GTI", "META_TABLE"])
        for (ours, theirs) in zip(file.hdus, gammapy.hdus) {
            #expect(ours.header.int("BITPIX") == theirs.header.int("BITPIX") || ours.kind != .image || ours.index == 0, "\(ours.name) BITPIX")
            for key in ["BUNIT", "BANDSHDU", "WCSSHAPE", "AXCOLS1", "AXCOLS2", "INTERP1", "INTERP2", "CTYPE1", "CRPIX1", "CDELT2",
                        "MJDREFI", "TIMESYS"] where theirs.header.contains(key) {
                #expect(ours.header.string(key) == theirs.header.string(key), "\(ours.name) \(key)")
            }
            #expect(ours.header.string("CREATOR") == gammaKitCreator, "\(ours.name) CREATOR")
            #expect(ours.header.contains("CREATED"), "\(ours.name) CREATED")
        }
        #expect(file.hdus[0].header.string("NAME") == "stacked")
        #expect(try file.hdu(named: "EXPOSURE").header.string("META") == #"{"livetime": "3234.5 s"}"#)
        #expect(try gammapy.hdu(named: "EXPOSURE").header.string("META") == #"{"livetime": "3234.5 s"}"#)
        // a bool meta value goes back as a JSON literal
        let small = try Datasets.read(from: Self.gammapyIndex).mapDatasets[0]
        try small.write(to: dir.file("small.fits"))
        #expect(try FITSFile(path: dir.file("small.fits")).hdu(named: "EXPOSURE").header.string("META")?.contains(#""is_pointlike": false"#) == true)
    }

    /// CREATED as astropy's `Time.now().iso` and datasets.yaml's date as `isoformat()`, in UTC,
    /// the time of the call.
    @Test func creationDatesAreNowInUTC() throws {
        let before = Date()
        let created = MapDataset<WcsGeom>.creationDate(), iso = MapDataset<WcsGeom>.creationDate(microseconds: true)
        let after = Date()
        #expect(created.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}/) != nil, "\(created)")
        #expect(iso.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}/) != nil, "\(iso)")
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        let parsed = try #require(parser.date(from: created))
        #expect(parsed.timeIntervalSince(before) > -0.002 && parsed.timeIntervalSince(after) < 0.002, "\(created) not between \(before) and \(after)")
        parser.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"
        let parsedISO = try #require(parser.date(from: iso))
        #expect(parsedISO.timeIntervalSince(before) > -0.002 && parsedISO.timeIntervalSince(after) < 0.002, "\(iso) not between \(before) and \(after)")
    }

    /// datasets.yaml in PyYAML's layout with Gammapy's MD5 checksum of the text above it.
    @Test func indexAsGammapyWritesIt() throws {
        let dir = TemporaryDirectory()
        let dataset = try MapDataset<WcsGeom>.create(geom: MapDatasetCreateTests.smallGeom(), name: "23592")
        try Datasets([dataset]).write(directory: dir.path)
        let text = try String(contentsOfFile: dir.file("datasets.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(5)) == ["datasets:", "-   name: '23592'", "    type: MapDataset", "    filename: 23592.fits", "metadata:"])
        #expect(lines[5] == "    creator: \(gammaKitCreator)")
        #expect(lines[6].hasPrefix("    date: '20") && lines[7] == "    origin: null")
        let body = text.components(separatedBy: "checksum: ")[0]
        #expect(lines[8] == "checksum: \(MD5.hex(body))")
        // Gammapy's own file: its checksum is the MD5 of its text, as computed here
        let gammapyText = try String(contentsOfFile: Self.gammapyIndex, encoding: .utf8)
        let parts = gammapyText.components(separatedBy: "checksum: ")
        #expect(parts[1].trimmingCharacters(in: .whitespacesAndNewlines) == MD5.hex(parts[0]))
    }

    @Test func writingOverAnExistingPathFails() throws {
        let dir = TemporaryDirectory()
        let dataset = try MapDataset<WcsGeom>.create(geom: MapDatasetCreateTests.smallGeom(), name: "a")
        try dataset.write(to: dir.file("a.fits"))
        #expect {
            try dataset.write(to: dir.file("a.fits"))
        } throws: { error in
            guard let error = error as? DatasetError else { return false }
            return error.kind == .exists && error.subject == dir.file("a.fits") && error.description.contains(dir.file("a.fits"))
        }
        try dataset.write(to: dir.file("a.fits"), overwrite: true)

        // Datasets.write: nothing is written when one target exists
        let out = dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("not FITS".utf8).write(to: URL(fileURLWithPath: out + "/b.fits"))
        let datasets = try Datasets([dataset, dataset.copy(name: "b")])
        #expect {
            try datasets.write(directory: out)
        } throws: { error in
            (error as? DatasetError)?.kind == .exists && (error as? DatasetError)?.subject == out + "/b.fits"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["b.fits"])
        try datasets.write(directory: out, overwrite: true)
        #expect(try Datasets.read(from: out + "/datasets.yaml").names == ["a", "b"])
        #expect(throws: DatasetError.self) { try Datasets([dataset, dataset]) }
    }

    @Test func readingWhatIsNotADatasetFails() throws {
        let dir = TemporaryDirectory()
        // a FITS file with a map that is not a dataset HDU
        let map = WcsNDMap<Float>.fromGeom(try MapDatasetCreateTests.smallGeom())
        try map.write(to: dir.file("map.fits"), hdu: "SKYMAP")
        #expect {
            try MapDataset<WcsGeom>.read(from: dir.file("map.fits"))
        } throws: { error in
            guard let error = error as? DatasetError else { return false }
            return error.kind == .notADataset && error.subject == dir.file("map.fits") && error.message.contains("SKYMAP")
        }
        // not FITS at all, and a missing file
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir.file("text.fits")))
        #expect(throws: DatasetError.self) { try MapDataset<WcsGeom>.read(from: dir.file("text.fits")) }
        #expect(throws: DatasetError.self) { try MapDataset<WcsGeom>.read(from: dir.file("missing.fits")) }
        // an index that lists no datasets, one of another type, one naming a missing file
        try Data("foo: 1\n".utf8).write(to: URL(fileURLWithPath: dir.file("a.yaml")))
        #expect(throws: DatasetError.self) { try Datasets.read(from: dir.file("a.yaml")) }
        try Data("datasets:\n-   name: x\n    type: FluxPointsDataset\n    filename: x.fits\n".utf8)
            .write(to: URL(fileURLWithPath: dir.file("b.yaml")))
        #expect {
            try Datasets.read(from: dir.file("b.yaml"))
        } throws: { error in
            (error as? DatasetError)?.kind == .unsupported && "\(error)".contains("FluxPointsDataset")
                && "\(error)".contains("MapDataset, MapDatasetOnOff, SpectrumDatasetOnOff")
        }
        try Data("datasets:\n-   name: x\n    type: MapDataset\n    filename: nowhere.fits\n".utf8)
            .write(to: URL(fileURLWithPath: dir.file("c.yaml")))
        #expect(throws: DatasetError.self) { try Datasets.read(from: dir.file("c.yaml")) }
    }

    /// Leaves GammaKit-written datasets for `scripts/reference/check_dataset_roundtrip.py`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GAMMAKIT_DATASET_ROUNDTRIP_DIR"] != nil))
    func writesFilesForGammapy() throws {
        let out = ProcessInfo.processInfo.environment["GAMMAKIT_DATASET_ROUNDTRIP_DIR"]!
        try Datasets.read(from: Self.gammapyIndex).write(directory: out + "/small", overwrite: true)
        try Datasets([try MapDatasetStackTests.stacked()]).write(directory: out + "/stacked", overwrite: true)
        var migra = try MapDatasetStackTests.base(migra: true, name: "stacked-migra")
        try migra.stack(try DatasetsFixture.dataset("stack_ds3_migra.fits.gz"))
        try Datasets([migra]).write(directory: out + "/migra", overwrite: true)
        let empty = try MapDataset<WcsGeom>.create(geom: MapDatasetCreateTests.tutorialGeom(),
                                          energyAxisTrue: MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, name: "energy_true"), name: "empty")
        try Datasets([empty]).write(directory: out + "/empty", overwrite: true)
    }
}
