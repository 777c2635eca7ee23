import DL3
import Datasets
import FITSIO
import Foundation
import GammaMaps
import IRF
import Makers
import Sky
import Testing
import TestSupport

/// `MapDatasetMaker` against Gammapy 2.1 (`Fixtures/mapmaker.json`, see MakersFixture): every
/// map of each case agrees bin for bin within 1e-4 relative (plus 1e-6 of the map's maximum),
/// counts exactly. `GAMMAKIT_MAKERS_REPORT=1` prints the largest deviations per map.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct MapDatasetMakerTests {
    static func hessObservation(_ id: Int) throws -> Observation {
        try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(id)
    }

    static func ctaObservation() throws -> Observation {
        try DataStore(directory: GammapyData.file("cta-1dc/index/gps")).observation(110380)
    }

    /// Compares every map the fixture holds for `caseName` with the dataset's.
    static func compare(_ dataset: MapDataset<WcsGeom>, caseName: String) {
        let maps = MakersFixture.testCase(caseName)["maps"] as! [String: Any]
        for name in maps.keys.sorted() {
            let reference = MakersFixture.map(caseName, name)
            var ours: WcsNDMap<Double>?
            switch name {
            case "counts": ours = dataset.counts
            case "exposure": ours = dataset.exposure
            case "background": ours = dataset.background
            case "psf": ours = dataset.psf?.psfMap
            case "psf_exposure": ours = dataset.psf?.exposureMap
            case "edisp":
                switch dataset.edisp {
                case .kernel(let map): ours = map.edispKernelMap
                case .migra(let map): ours = map.edispMap
                case nil: ours = nil
                }
            case "edisp_exposure":
                switch dataset.edisp {
                case .kernel(let map): ours = map.exposureMap
                case .migra(let map): ours = map.exposureMap
                case nil: ours = nil
                }
            default: continue
            }
            guard let ours else { Issue.record("\(caseName): no \(name) map"); continue }
            MapComparison("\(caseName)/\(name)", ours: ours, reference: reference, exact: name == "counts").expectAgreement()
        }
    }

    @Test func makersTutorialObservation23592() throws {
        let observation = try Self.hessObservation(23592)
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2, name: "23592")
        let dataset = try MapDatasetMaker().run(empty, observation: observation)
        Self.compare(dataset, caseName: "hess_23592_tutorial")

        // The tutorial's numbers: 2016 counts, 1866.72 background counts, exposure 1.19e+02 – 1.09e+09 m² s
        let counts = try #require(dataset.counts), background = try #require(dataset.background)
        let exposure = try #require(dataset.exposure)
        #expect(counts.data.reduce(0, +) == 2016)
        #expect(abs(background.data.reduce(0, +) / 1866.7218193293697 - 1) < 1e-4)
        #expect(abs((exposure.data.filter { $0 > 0 }.min() ?? 0) / 119.02069516876547 - 1) < 1e-4)
        #expect(abs(exposure.data.max()! / 1089581196.1213303 - 1) < 1e-4)
        #expect(exposure.unit == "m2 s" && background.unit == "" && dataset.psf?.psfMap.unit == "deg-2")

        // What run adds around the maps
        #expect(dataset.name == "23592")
        #expect(dataset.precision == .float64)
        #expect(dataset.maskSafe?.data.allSatisfy { $0 } == true)
        #expect(dataset.maskSafe?.geom == counts.geom)
        let fixture = MakersFixture.testCase("hess_23592_tutorial")
        let meta = fixture["meta_table"] as! [String: Any]
        #expect(dataset.metaTable == [MetaTableRow(telescope: meta["TELESCOP"] as! String, obsID: 23592, obsMode: "POINTING",
                                                   raPointing: (meta["RA_PNT"] as! NSNumber).doubleValue,
                                                   decPointing: (meta["DEC_PNT"] as! NSNumber).doubleValue)])
        let gti = try #require(dataset.gti)
        let expectedGTI = fixture["gti"] as! [String: Any]
        #expect(abs(gti.timeSum - (expectedGTI["time_sum"] as! NSNumber).doubleValue) < 1e-6)
        let start = MakersFixture.doubles(expectedGTI["start_mjd"])
        #expect(abs(gti.timeStart[0].mjd - start[0]) * 86400 < 1e-5)

        if let path = ProcessInfo.processInfo.environment["GAMMAKIT_MAKERS_DUMP"] {
            try Self.writeMaps(dataset, to: path)
        }
    }

    @Test func ctaGalacticGeometry() throws {
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.ctaGeom(), energyTrue: ReferenceDatasets.ctaTrueAxis(),
                                                binszIRF: 0.25, name: "cta")
        let dataset = try MapDatasetMaker().run(empty, observation: Self.ctaObservation())
        Self.compare(dataset, caseName: "cta_110380_galactic")
    }

    @Test func ctaBackgroundDeclaredAltAz() throws {
        let observation = try Self.ctaObservation()
        guard case .bkg3D(let bkg) = try Self.ctaObservation().bkg() else { Issue.record("not bkg_3d"); return }
        // the in-memory IRF replaces the file's before anything loads it
        _ = try observation.cached("irf:bkg") { AnyIRF.bkg3D(bkg.with(fovAlignment: .altAz)) }
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.ctaGeom(), energyTrue: ReferenceDatasets.ctaTrueAxis(),
                                                binszIRF: 0.25, name: "cta")
        let dataset = try MapDatasetMaker(selection: [.background]).run(empty, observation: observation)
        Self.compare(dataset, caseName: "cta_110380_altaz")
        #expect(dataset.exposure == nil && dataset.psf == nil && dataset.counts?.data.allSatisfy { $0 == 0 } == true)
        // with astropy's UT1 − UTC and polar motion the AltAz frames are astropy's
        let eo = MakersFixture.testCase("cta_110380_altaz")["earth_orientation"] as! [String: NSNumber]
        let maker = MapDatasetMaker(selection: [.background], earthOrientation: EarthOrientation(
            dut1: eo["dut1"]!.doubleValue, xp: eo["xp"]!.doubleValue, yp: eo["yp"]!.doubleValue))
        MapComparison("cta_110380_altaz/background (astropy's Earth orientation)",
                      ours: try #require(try maker.run(empty, observation: observation).background),
                      reference: MakersFixture.map("cta_110380_altaz", "background"), rtol: 1e-6).expectAgreement()
    }

    @Test func hessBackgroundDeclaredAltAz() throws {
        // Gammapy's Observation forces REVERSE_LON_RADEC on H.E.S.S. backgrounds: this goes
        // through makeMapBackgroundIRF, as the reference script does
        let observation = try Self.hessObservation(23592)
        guard case .bkg3D(let bkg) = try observation.bkg() else { Issue.record("not bkg_3d"); return }
        let altAz = try bkg.with(fovAlignment: .altAz).interpolatingMissingData()
        let start = try observation.tstart(), ontime = try observation.observationTime()
        let location = try #require(try observation.location())
        let pointing = try observation.metadata().pointingMode
        let fixture = MakersFixture.testCase("hess_23592_altaz")
        let eo = fixture["earth_orientation"] as! [String: NSNumber]
        let astropy = EarthOrientation(dut1: eo["dut1"]!.doubleValue, xp: eo["xp"]!.doubleValue, yp: eo["yp"]!.doubleValue)

        // Gammapy's time slices, to well below a second (with zero UT1 − UTC) and exactly with astropy's
        let expectedTimes = MakersFixture.doubles(fixture["times_s"])
        for (orientation, tolerance) in [(EarthOrientation.zero, 0.1), (astropy, 1e-6)] {
            let times = fovRotationTimeSteps(start: start, stop: start.adding(seconds: ontime), fovRotation: 2,
                                             pointing: pointing, location: location, earthOrientation: orientation)
            #expect(times.count == expectedTimes.count)
            for (time, expected) in zip(times, expectedTimes) { #expect(abs(time.seconds(since: start) - expected) < tolerance) }
        }
        // Without IERS tables within 1e-4; with astropy's Earth orientation to 1e-6
        for (orientation, rtol) in [(EarthOrientation.zero, 1e-4), (astropy, 1e-6)] {
            let background = try makeMapBackgroundIRF(pointing: pointing, ontime: ontime, bkg: .bkg3D(altAz),
                                                      geom: ReferenceDatasets.tutorialGeom(), timeStart: start,
                                                      fovRotationStep: 2, location: location, earthOrientation: orientation)
            MapComparison("hess_23592_altaz/background (dUT1 \(orientation.dut1) s)", ours: background,
                          reference: MakersFixture.map("hess_23592_altaz", "background"), rtol: rtol).expectAgreement()
        }
    }

    @Test func backgroundFromBkg2D() throws {
        // 23592's own bkg_3d reduced to its radial profile (Gammapy's to_2d)
        let observation = try Self.hessObservation(23592)
        guard case .bkg3D(let bkg) = try Self.hessObservation(23592).bkg() else { Issue.record("not bkg_3d"); return }
        _ = try observation.cached("irf:bkg") { AnyIRF.bkg2D(try bkg.to2D()) }
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2)
        let dataset = try MapDatasetMaker(selection: [.background]).run(empty, observation: observation)
        Self.compare(dataset, caseName: "hess_23592_bkg2d")

        // GADF's bkg_2d example (its axes carry no units in the file: TeV and deg, as in the script)
        let example = try AnyIRF(file: FITSFile(path: GammapyData.file("tests/irf/bkg_2d_full_example.fits")), hdu: "BACKGROUND")
        guard case .bkg2D(let file) = example else { Issue.record("not bkg_2d"); return }
        let axes = [try MapAxis.fromEdges(file.energyAxis.edges, name: "energy", unit: "TeV", interp: .log),
                    try MapAxis.fromEdges(file.offsetAxis.edges, name: "offset", unit: "deg")]
        let grid = try IRFGrid(axes: axes, data: file.data, storage: file.grid.storage, unit: file.unit, valuesScale: .log,
                               fillValue: 0)
        let other = try Self.hessObservation(23592)
        _ = try other.cached("irf:bkg") { AnyIRF.bkg2D(Background2D(grid: grid, meta: file.meta)) }
        Self.compare(try MapDatasetMaker(selection: [.background]).run(empty, observation: other),
                     caseName: "hess_23592_bkg2d_example")
    }

    @Test func backgroundOversampling() throws {
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2)
        let maker = MapDatasetMaker(selection: [.background], backgroundOversampling: 2)
        Self.compare(try maker.run(empty, observation: Self.hessObservation(23592)), caseName: "hess_23592_oversampling")
    }

    @Test func edispMapWithMigraAxis() throws {
        let migra = try MapAxis.fromBounds(0.2, 5, nbin: 48, name: "migra")
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2, migra: migra)
        let dataset = try MapDatasetMaker(selection: [.edisp]).run(empty, observation: Self.hessObservation(23592))
        Self.compare(dataset, caseName: "hess_23592_edispmap")
        guard case .migra(let edispMap) = dataset.edisp else { Issue.record("not an EDispMap"); return }
        let kernel = try edispMap.toEDispKernelMap(energyAxis: ReferenceDatasets.tutorialGeom().axes[0])
        MapComparison("hess_23592_edispmap/kernel_from_edisp_map", ours: kernel.edispKernelMap,
                      reference: MakersFixture.map("hess_23592_edispmap", "kernel_from_edisp_map")).expectAgreement()
        #expect(kernel.exposureMap?.data == edispMap.exposureMap?.data)
        #expect(kernel.exposureMap?.geom.axes.names == ["energy", "energy_true"])
    }

    @Test func kingPSF() throws {
        let observation = try Self.hessObservation(23523)
        let file = try FITSFile(path: GammapyData.file("tests/hess_psf_king_023523.fits.gz"))
        let king = try AnyIRF(file: file, hdu: "PSF_2D_KING", hduClass: "psf_king")
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2)
        let psfGeom = try #require(empty.psf?.psfMap.geom)
        let pointing = try observation.pointingICRS(at: observation.tmid())
        let exposure = try makeMapExposureTrueEnergy(pointing: pointing, livetime: observation.liveTime(),
                                                     aeff: observation.aeff(), geom: psfGeom.squash(axisName: "rad"))
        let psf = try makePSFMap(psf: king, pointing: pointing, geom: psfGeom, exposureMap: exposure)
        MapComparison("hess_23523_king/psf", ours: psf.psfMap,
                      reference: MakersFixture.map("hess_23523_king", "psf")).expectAgreement()
        MapComparison("hess_23523_king/psf_exposure", ours: try #require(psf.exposureMap),
                      reference: MakersFixture.map("hess_23523_king", "psf_exposure")).expectAgreement()
    }

    @Test func radMaxCountsInPointRegion() throws {
        let fixture = MakersFixture.testCase("magic_5029747_rad_max")
        let observation = try DataStore(directory: GammapyData.file("magic/rad_max/data")).observation(5029747, required: .pointLike)
        let position = MakersFixture.doubles(fixture["position"])
        let energy = try MapAxis.fromEnergyEdges(MakersFixture.doubles(fixture["energy_edges"]))
        let geom = try RegionGeom(region: .point(SkyCoord(ra: position[0], dec: position[1])), axes: [energy])
        let radMax = try #require(try observation.radMax())
        let counts = try geom.makeCountsRadMax(radMax: radMax, events: observation.events())
        #expect(counts.data == MakersFixture.doubles(fixture["counts"]))
    }

    /// The tutorial dataset's maps in one FITS file (HDUs named as in a Gammapy MapDataset
    /// file), for `mapmaker_reference.py --compare`.
    static func writeMaps(_ dataset: MapDataset<WcsGeom>, to path: String) throws {
        let writer = try FITSWriter(path: path, overwrite: true)
        try writer.writeEmptyPrimary()
        try dataset.counts?.append(to: writer, hdu: "COUNTS")
        try dataset.exposure?.append(to: writer, hdu: "EXPOSURE")
        try dataset.background?.append(to: writer, hdu: "BACKGROUND")
        if case .kernel(let edisp) = dataset.edisp {
            try edisp.edispKernelMap.append(to: writer, hdu: "EDISP")
            try edisp.exposureMap?.append(to: writer, hdu: "EDISP_EXPOSURE")
        }
        try dataset.psf?.psfMap.append(to: writer, hdu: "PSF")
        try dataset.psf?.exposureMap?.append(to: writer, hdu: "PSF_EXPOSURE")
        try writer.commit()
    }
}

/// The maker run for several observations at once (as a reduction does, one per core) gives the
/// maps it gives one at a time.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct MapDatasetMakerConcurrencyTests {
    @Test func parallelRunsMatchSerialRuns() throws {
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        let ids = [23523, 23526, 23559, 23592]
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(binsz: 0.1),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.5)
        let maker = MapDatasetMaker()
        let parallel = try store.observations(ids).observations.concurrentMap { observation in
            Result { try maker.run(empty, observation: observation) }
        }.map { try $0.get() }
        for (id, dataset) in zip(ids, parallel) {
            let serial = try maker.run(empty, observation: store.observation(id))
            #expect(dataset.counts?.data == serial.counts?.data)
            #expect(dataset.exposure?.data == serial.exposure?.data)
            #expect(dataset.background?.data == serial.background?.data)
            #expect(dataset.psf?.psfMap.data == serial.psf?.psfMap.data)
            guard case .kernel(let a) = dataset.edisp, case .kernel(let b) = serial.edisp else { Issue.record("no kernels"); continue }
            #expect(a.edispKernelMap.data == b.edispKernelMap.data)
            #expect(dataset.metaTable.first?.obsID == id)
        }
    }
}
