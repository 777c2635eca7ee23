import DL3
import Datasets
import Foundation
import GammaMaps
import Sky
import Testing
import TestSupport
@testable import Makers

/// FoVBackgroundMaker on H.E.S.S. DL3 DR1 runs reduced by MapDatasetMaker, against Gammapy 2.1
/// (`Fixtures/fov-hess.json` and `fov-per-obs.json` from `scripts/reference/fov_reference.py`).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct FoVEndToEndTests {
    static let store = Result { try DataStore(directory: GammapyData.file("hess-dl3-dr1")) }

    /// Gammapy's `SafeMaskMaker(methods=["aeff-default", "offset-max"], offset_max=...)`.
    static func safeMaskMaker(offsetMax: Double) throws -> SafeMaskMaker {
        try SafeMaskMaker(methods: [.aeffDefault, .offsetMax], offsetMax: offsetMax)
    }

    /// Counts and background of one observation on `geom`, with the safe mask (the makers
    /// tutorial: no cutout).
    static func reduce(obsID: Int, geom: WcsGeom, offsetMax: Double) throws -> MapDataset<WcsGeom> {
        let observation = try store.get().observation(obsID)
        let empty = try MapDataset<WcsGeom>.create(geom: geom, name: "\(obsID)")
        let dataset = try MapDatasetMaker(selection: [.counts, .background]).run(empty, observation: observation)
        return try safeMaskMaker(offsetMax: offsetMax).run(dataset, observation: observation)
    }

    static func caseGeom(_ c: FoVJSON) throws -> WcsGeom {
        let center = FoVSupport.numbers(c["skydir"])
        let e = FoVSupport.numbers(c["energy"])
        return try FoVSupport.geom(center: (center[0], center[1]), width: FoVSupport.number(c["width"]),
                                   binsz: FoVSupport.number(c["binsz"]), energy: (e[0], e[1], Int(e[2])))
    }

    static func exclusion(_ c: FoVJSON, geom: WcsGeom) -> WcsNDMap<Bool> {
        let x = FoVSupport.numbers(c["exclusion"])
        return geom.toImage().regionMask([.circle(center: SkyCoord(ra: x[0], dec: x[1]), radius: x[2])], inside: false)
    }

    /// Every case of fov-hess.json: the safe mask as Gammapy's; 'scale' within 1e-6 of Gammapy;
    /// 'fit' (tilt frozen and free) within 1e-6 of the true minimum of Gammapy's statistic, and
    /// as far from Gammapy's MIGRAD result as MIGRAD's tolerance allows (printed).
    @Test(arguments: (FoVSupport.fixture("fov-hess")["cases"] as! [FoVJSON]).map { $0["label"] as! String })
    func hessRun(label: String) throws {
        let c = (FoVSupport.fixture("fov-hess")["cases"] as! [FoVJSON]).first { $0["label"] as? String == label }!
        let geom = try Self.caseGeom(c)
        let dataset = try Self.reduce(obsID: (c["obs_id"] as! NSNumber).intValue, geom: geom,
                                      offsetMax: FoVSupport.number(c["offset_max"]))
        let plane = geom.spatialPixelCount
        let safePerEnergy = (0..<geom.axes[0].nbin).map { e in
            dataset.maskSafe!.data[(e * plane)..<((e + 1) * plane)].filter { $0 }.count
        }
        #expect(safePerEnergy == (c["mask_safe_per_energy"] as! [Int]))
        let excl = Self.exclusion(c, geom: geom)

        let scale = try FoVBackgroundMaker(method: .scale, exclusionMask: excl).run(dataset).backgroundModel!
        let gScale = c["scale"] as! FoVJSON
        let dScale = scale.norm.value / FoVSupport.number(gScale["norm"]) - 1
        #expect(abs(dScale) < 1e-6)
        #expect(abs(scale.norm.error / FoVSupport.number(gScale["norm_error"]) - 1) < 1e-6)

        var lines = ["\(label): scale norm \(scale.norm.value) (Gammapy rel. diff \(String(format: "%.1e", dScale)))"]
        for (key, freeTilt) in [("fit", false), ("fit_tilt", true)] {
            let maker = FoVBackgroundMaker(method: .fit, exclusionMask: excl,
                                           spectralModel: FoVBackgroundMaker.plNorm(freeTilt: freeTilt))
            let report = try maker.runReporting(dataset)
            let m = report.dataset.backgroundModel!
            let truth = c[key + "_true"] as! FoVJSON, migrad = c[key] as! FoVJSON
            #expect(report.status == .fitted)
            #expect(abs(m.norm.value / FoVSupport.number(truth["norm"]) - 1) < 1e-6)
            #expect(abs(m.tilt.value - FoVSupport.number(truth["tilt"])) < 1e-6)
            #expect(abs(m.norm.error / FoVSupport.number(truth["norm_error"]) - 1) < 1e-6)
            if freeTilt { #expect(abs(m.tilt.error / FoVSupport.number(truth["tilt_error"]) - 1) < 1e-6) }
            // the statistic at our result is Gammapy's at the true minimum, and below MIGRAD's
            #expect(abs(report.fit!.totalStat / FoVSupport.number(truth["total_stat"]) - 1) < 1e-9)
            #expect(FoVSupport.number(truth["total_stat"]) < FoVSupport.number(migrad["total_stat"]))
            // MIGRAD stops at EDM < 2e-4: at most √(2 × 2e-4) = 0.02 σ from the minimum
            let dNorm = m.norm.value - FoVSupport.number(migrad["norm"])
            let dTilt = m.tilt.value - FoVSupport.number(migrad["tilt"])
            #expect(abs(dNorm) <= 0.02 * m.norm.error)
            if freeTilt { #expect(abs(dTilt) <= 0.02 * m.tilt.error) }
            lines.append("\(key): norm \(m.norm.value) vs MIGRAD rel. diff \(String(format: "%.1e", dNorm / m.norm.value))"
                         + (freeTilt ? ", tilt diff \(String(format: "%.1e", dTilt))" : ""))
        }
        print("FoV vs Gammapy — " + lines.joined(separator: "; "))
    }

    /// The reference scenario seed-3d-per-obs (four Crab runs, 0.02° bins, cut out 6° around each
    /// pointing, exclusion read from a mask file): norms and errors within 1e-6 of Gammapy's; and
    /// seed-3d-stacked, the same datasets stacked: background (norms folded in) within 1e-6.
    @Test func seed3DPerObservation() throws {
        let f = FoVSupport.fixture("fov-per-obs")
        let g = f["geom"] as! FoVJSON
        let center = FoVSupport.numbers(g["skydir"]), e = FoVSupport.numbers(g["energy"])
        let geom = try FoVSupport.geom(center: (center[0], center[1]), width: FoVSupport.number(g["width"]),
                                       binsz: FoVSupport.number(g["binsz"]), energy: (e[0], e[1], Int(e[2])))
        // the scenario's exclusion.fits.gz is Gammapy's region mask of this circle (checked by the
        // reference script); write it as Gammapy does and read it back as a mask file
        let x = f["exclusion"] as! FoVJSON
        #expect(x["equals_region_mask"] as! Bool)
        let dir = TemporaryDirectory()
        let circle = SkyRegion.circle(center: SkyCoord(ra: FoVSupport.number(x["lon"]), dec: FoVSupport.number(x["lat"])),
                                      radius: FoVSupport.number(x["radius"]))
        try geom.toImage().regionMask([circle], inside: false).write(to: dir.file("exclusion.fits"))
        let exclusion = try ExclusionMask.read(from: try gzipFile(dir.file("exclusion.fits")))
        let maker = FoVBackgroundMaker(method: .scale, exclusionMask: exclusion)
        let expected = f["datasets"] as! [String: FoVJSON]
        let offsetMax = FoVSupport.number((f["safe_mask"] as! FoVJSON)["offset_max"])
        // Gammapy's Analysis: DatasetsMaker with cutouts 2 × offset_max wide around each pointing,
        // MapDatasetMaker, SafeMaskMaker, FoVBackgroundMaker, one dataset per observation
        let observations = try (f["obs_ids"] as! [Int]).map { try Self.store.get().observation($0) }
        let chain = DatasetsMaker(makers: [MapDatasetMaker(selection: [.counts, .background]),
                                           try Self.safeMaskMaker(offsetMax: offsetMax), maker],
                                  stackDatasets: false)
        let clock = ContinuousClock.now
        let reduced = try chain.run(try MapDataset<WcsGeom>.create(geom: geom, name: "reference"), observations: observations)
        print("FoV seed-3d-per-obs: \(observations.count) observations reduced in \(ContinuousClock.now - clock)")
        #expect(reduced.map(\.name) == (f["obs_ids"] as! [Int]).map { "\($0)" })
        for out in reduced {
            let want = expected[out.name]!
            #expect(out.maskSafe!.data.filter { $0 }.count == (want["mask_safe_sum"] as! Int))
            let norm = out.backgroundModel!.norm
            let rel = norm.value / FoVSupport.number(want["norm"]) - 1
            print("FoV seed-3d-per-obs \(out.name): norm \(norm.value) error \(norm.error) (Gammapy rel. diff \(String(format: "%.1e", rel)))")
            #expect(abs(rel) < 1e-6)
            #expect(abs(norm.error / FoVSupport.number(want["norm_error"]) - 1) < 1e-6)
        }
        // the models file Gammapy's Datasets.read(filename_models=...) picks up
        let models = FoVBackgroundModels(datasets: reduced)
        try models.write(to: dir.file("models.yaml"))
        let back = try FoVBackgroundModels.read(from: dir.file("models.yaml"))
        #expect(back == models)
        // seed-3d-stacked: the same datasets stacked, the norms folded into the background
        let want = f["stacked"] as! FoVJSON
        var stacked = try MapDataset<WcsGeom>.create(geom: geom, name: "stacked")
        for dataset in reduced { try stacked.stack(dataset) }
        let counts = stacked.counts!.data.reduce(0, +), background = stacked.background!.data.reduce(0, +)
        let relBackground = background / FoVSupport.number(want["background_sum"]) - 1
        print("FoV seed-3d-stacked: counts \(counts), background \(background) (Gammapy rel. diff \(String(format: "%.1e", relBackground)))")
        #expect(counts == FoVSupport.number(want["counts_sum"]))
        #expect(abs(relBackground) < 1e-6)
        #expect(stacked.maskSafe!.data.filter { $0 }.count == (want["mask_safe_sum"] as! Int))
    }
}

/// The maker on Gammapy's own datasets of the seed-3d-per-obs scenario (counts, background and
/// safe mask as Gammapy wrote them, the scenario's exclusion.fits.gz): the norms must then be
/// Gammapy's to the last bits. Needs the reference run's output (`run_reference.py ... OUT_DIR`)
/// in `$GAMMAKIT_FOV_REFERENCE_DIR` (default /tmp/ref/seed-3d-per-obs) and the scenario folder in
/// `$GAMMAKIT_REFERENCE_SCENARIOS` (default /work/shared/reference/scenarios); skipped otherwise.
@Suite struct FoVOnGammapyDatasetsTests {
    static let environment = ProcessInfo.processInfo.environment
    static let referenceDir = environment["GAMMAKIT_FOV_REFERENCE_DIR"] ?? "/tmp/ref/seed-3d-per-obs"
    static let exclusionPath = (environment["GAMMAKIT_REFERENCE_SCENARIOS"] ?? "/work/shared/reference/scenarios")
        + "/seed-3d-per-obs/exclusion.fits.gz"
    static let available = FileManager.default.fileExists(atPath: referenceDir + "/models.yaml")
        && FileManager.default.fileExists(atPath: exclusionPath)

    @Test(.enabled(if: available, "Gammapy's seed-3d-per-obs output or the scenario folder is absent"))
    func scaleOnGammapysMaps() throws {
        let f = FoVSupport.fixture("fov-per-obs")
        let expected = f["datasets"] as! [String: FoVJSON]
        let maker = FoVBackgroundMaker(method: .scale, exclusionMask: try ExclusionMask.read(from: Self.exclusionPath))
        var out = [MapDataset<WcsGeom>]()
        for obsID in f["obs_ids"] as! [Int] {
            var dataset = try MapDataset<WcsGeom>.read(from: "\(Self.referenceDir)/\(obsID).fits", name: "\(obsID)")
            dataset.backgroundModel = nil   // the background as written is the un-normalised template
            let result = try maker.run(dataset)
            let norm = result.backgroundModel!.norm, want = expected["\(obsID)"]!
            print("FoV on Gammapy's \(obsID).fits: norm \(norm.value) vs \(FoVSupport.number(want["norm"])), "
                  + "error \(norm.error) vs \(FoVSupport.number(want["norm_error"]))")
            #expect(abs(norm.value / FoVSupport.number(want["norm"]) - 1) < 1e-13)
            #expect(abs(norm.error / FoVSupport.number(want["norm_error"]) - 1) < 1e-13)
            out.append(result)
        }
        // bit for bit the numbers of Gammapy's models.yaml (the summary's differ from them in the
        // last bit)
        let gammapy = try FoVBackgroundModels.read(from: Self.referenceDir + "/models.yaml")
        for dataset in out {
            let g = gammapy.entries.first { $0.datasetName == dataset.name }!.model
            #expect(g.norm.value == dataset.backgroundModel!.norm.value)
            #expect(g.norm.error == dataset.backgroundModel!.norm.error)
        }
    }
}
