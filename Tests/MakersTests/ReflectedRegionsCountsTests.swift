import DL3
import FITSIO
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// ON and OFF counts of the makers tutorial's 1D loop (runs 23523, 23592, 23526, 23559) as
/// Gammapy 2.1's SpectrumDatasetMaker + ReflectedRegionsBackgroundMaker count them, from
/// `Fixtures/reflected-regions.json` (scripts/reference/reflected_reference.py): the pointing
/// at mid-time, the OFF regions found from it, counts and counts_off per energy bin and
/// alpha = 1 / number of OFF regions.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct ReflectedRegionsCountsTests {
    typealias JSON = ReflectedRegionsFinderTests.JSON

    /// The tutorial section of the fixture for ON region `on`: the ON geometry with its energy axis
    /// (edges checked against Gammapy's), the finder and the exclusion mask.
    static func tutorial(_ on: String) throws -> (section: JSON, geom: RegionGeom, finder: ReflectedRegionsFinder, mask: WcsNDMap<Bool>?) {
        let section = (ReflectedRegionsFinderTests.document["tutorial"] as! JSON)[on] as! JSON
        let axisSpec = section["energy_axis"] as! JSON
        let energy = try MapAxis.fromEnergyBounds(axisSpec["e_min"] as! Double, axisSpec["e_max"] as! Double,
                                                  nbin: axisSpec["nbin"] as! Int, unit: "TeV")
        #expect(zip(energy.edges, axisSpec["edges_tev"] as! [Double]).allSatisfy { abs($0 - $1) <= 1e-15 * $1 })
        return (section, try RegionGeom(region: ReflectedRegionsFinderTests.onRegion(on), axes: [energy]),
                try ReflectedRegionsFinderTests.finder(section["finder"] as! JSON),
                try ReflectedRegionsFinderTests.exclusion((section["exclusion"] as! JSON)["name"] as! String))
    }

    @Test(arguments: ReflectedRegionsFinderTests.onRegionNames)
    func tutorialLoopCountsAsGammapy(on: String) throws {
        let (section, geom, finder, mask) = try Self.tutorial(on)
        let onRegion = ReflectedRegionsFinderTests.onRegion(on)
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        for run in section["runs"] as! [JSON] {
            let id = run["obs_id"] as! Int
            let observation = try store.observation(id)
            let pointing = try observation.pointingICRS(at: observation.tmid())
            let expected = ReflectedRegionsFinderTests.pointing(run["pointing"] as! JSON)
            #expect(pointing.separation(to: expected) < 1e-9, "run \(id): pointing off by \(pointing.separation(to: expected)) deg")
            let off = try finder.run(region: onRegion, center: pointing, exclusionMask: mask)
            #expect(off.regions.count == run["n_off_regions"] as! Int, "run \(id)")
            let events = try observation.events()
            #expect(try geom.makeCounts(events: events).data == run["counts"] as! [Double], "run \(id) counts")
            let countsOff = try geom.makeCountsOff(events: events, regions: off.regions, wcs: off.geom)
            #expect(countsOff?.data == run["counts_off"] as? [Double], "run \(id) counts_off")
            let alpha = (run["alpha"] as! [Double])[0]
            #expect(abs(1 / Double(off.regions.count) - alpha) < 1e-15, "run \(id) alpha")
        }
    }

    @Test(arguments: ReflectedRegionsFinderTests.onRegionNames)
    func offCountsOfEachRunAsGammapy(on: String) throws {
        let (section, geom, finder, mask) = try Self.tutorial(on)
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        for run in section["runs"] as! [JSON] {
            let id = run["obs_id"] as! Int
            let off = try ReflectedOffCounts(onGeom: geom, observation: try store.observation(id), finder: finder,
                                             exclusionMask: mask, datasetName: "obs-\(id)")
            #expect(off.acceptanceOff == (run["acceptance_off"] as! [Double])[0], "run \(id)")
            #expect(off.countsOff?.data == run["counts_off"] as? [Double], "run \(id)")
        }
        // Everything but the ON region excluded: no OFF region, Gammapy's warning, no OFF counts.
        let allButOn = try ReflectedRegionsFinderTests.exclusion("all-but-on:\(on)")
        var warnings: [String] = []
        let none = try ReflectedOffCounts(onGeom: geom, observation: try store.observation(23523), finder: finder,
                                          exclusionMask: allButOn, datasetName: "obs-23523") { warnings.append($0) }
        #expect(none.regions.isEmpty && none.countsOff == nil && none.acceptanceOff == 0)
        #expect(warnings == ["ReflectedRegionsBackgroundMaker failed. No OFF region found outside exclusion mask for dataset 'obs-23523'."])
    }

    /// Exposure at the ON region's centre (`use_region_center`, no containment correction) and
    /// the live time, as Gammapy's SpectrumDatasetMaker makes them.
    @Test func exposureAsGammapy() throws {
        let section = (ReflectedRegionsFinderTests.document["tutorial"] as! JSON)["tutorial"] as! JSON
        let axisSpec = section["energy_axis_true"] as! JSON
        let energyTrue = try MapAxis.fromEnergyBounds(axisSpec["e_min"] as! Double, axisSpec["e_max"] as! Double,
                                                      nbin: axisSpec["nbin"] as! Int, unit: "TeV", name: "energy_true")
        let geom = try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energyTrue])
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        for run in section["runs"] as! [JSON] {
            let id = run["obs_id"] as! Int
            let observation = try store.observation(id)
            let livetime = try observation.liveTime()
            #expect(abs(livetime - (run["livetime_s"] as! Double)) <= 1e-12 * livetime, "run \(id)")
            let exposure = try makeMapExposureTrueEnergy(pointing: try observation.pointingICRS(at: observation.tmid()),
                                                         livetime: livetime, aeff: try observation.aeff(), geom: geom)
            let expected = run["exposure_m2s"] as! [Double]
            #expect(exposure.data.count == expected.count)
            for (ours, theirs) in zip(exposure.data, expected) {
                #expect(abs(ours - theirs) <= 1e-10 * max(abs(theirs), 1), "run \(id): \(ours) vs \(theirs)")
            }
        }
    }

    /// With `containment_correction` the exposure is multiplied by the PSF's containment in the
    /// 0.2 deg ON circle (Gammapy 2.1: Fixtures/containment-exposure.json, made by
    /// scripts/reference/containment_reference.py).
    @Test func containmentCorrectionAsGammapy() throws {
        let url = Bundle.module.url(forResource: "containment-exposure", withExtension: "json", subdirectory: "Fixtures")!
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let geom = try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energyTrue])
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        for (id, values) in reference {
            let observation = try store.observation(Int(id)!)
            let pointing = try observation.pointingICRS(at: observation.tmid())
            let aeff = try observation.aeff()
            let exposure = try makeMapExposureTrueEnergy(pointing: pointing, livetime: try observation.liveTime(), aeff: aeff, geom: geom)
            let containment = try psfContainment(psf: try observation.psf(), geom: geom, pointing: pointing, isPointLike: aeff.isPointLike)
            let expected = (values as! JSON)["exposure_m2s"] as! [Double]
            for (k, theirs) in expected.enumerated() {
                let ours = exposure.data[k] * containment[k]
                #expect(abs(ours - theirs) <= 1e-10 * max(abs(theirs), 1), "run \(id) bin \(k): \(ours) vs \(theirs)")
            }
        }
        let point = try RegionGeom(region: SkyRegion(.point(center: SkyCoord(ra: 83.63, dec: 22.01))), axes: [energyTrue])
        let observation = try store.observation(23523)
        #expect(throws: MapMakingError.self) {
            try psfContainment(psf: try observation.psf(), geom: point, pointing: SkyCoord(ra: 83.63, dec: 22.51), isPointLike: false)
        }
        #expect(throws: MapMakingError.self) {
            try psfContainment(psf: try observation.psf(), geom: geom, pointing: SkyCoord(ra: 83.63, dec: 22.51), isPointLike: true)
        }
    }

    /// The kernel at the ON region's centre (Gammapy 2.1: Fixtures/spectrum-edisp.json, made by
    /// scripts/reference/spectrum_edisp_reference.py); its exposure is the spectrum's exposure.
    @Test func edispKernelAsGammapy() throws {
        let url = Bundle.module.url(forResource: "spectrum-edisp", withExtension: "json", subdirectory: "Fixtures")!
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let geom = try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy])
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        for (id, values) in reference {
            let observation = try store.observation(Int(id)!)
            let pointing = try observation.pointingICRS(at: observation.tmid())
            let kernel = try makeEDispKernel(edisp: try observation.edisp(), pointing: pointing, geom: geom, energyAxisTrue: energyTrue)
            let expected = (values as! JSON)["pdf_matrix"] as! [[Double]]
            var largest = 0.0
            for t in 0..<31 { for r in 0..<11 { largest = max(largest, abs(kernel[t, r] - expected[t][r])) } }
            #expect(largest < 1e-12, "run \(id): kernel off by \(largest)")
            let exposure = try makeMapExposureTrueEnergy(pointing: pointing, livetime: try observation.liveTime(), aeff: try observation.aeff(),
                                                         geom: try RegionGeom(region: geom.region, axes: [energyTrue]))
            for (ours, theirs) in zip(exposure.data, (values as! JSON)["exposure_m2s"] as! [Double]) {
                #expect(abs(ours - theirs) <= 1e-10 * max(abs(theirs), 1), "run \(id)")
            }
        }
    }

    /// The response matrix Gammapy 2.1 writes in OGIP format for run 23523 (Tests/DatasetsTests/
    /// Fixtures/gammapy_ogip, scripts/reference/ogip_reference.py), read through its
    /// variable-length F_CHAN, N_CHAN and MATRIX columns, is our kernel rounded to float32.
    @Test func gammapyRMFIsOurKernel() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DatasetsTests/Fixtures/gammapy_ogip")
        let table = try FITSFile(path: fixtures.appendingPathComponent("obs-23523_rmf.fits").path).table("MATRIX")
        let first = try table.variableLengthColumn("F_CHAN", as: Int.self), counts = try table.variableLengthColumn("N_CHAN", as: Int.self)
        let matrix = try table.variableLengthColumn("MATRIX", as: Float.self)
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let kernel = try makeEDispKernel(edisp: try observation.edisp(), pointing: try observation.pointingICRS(at: observation.tmid()),
                                         geom: try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy]),
                                         energyAxisTrue: energyTrue)
        #expect(table.rowCount == 31)
        for t in 0..<31 {
            var row = [Float](repeating: 0, count: 11), k = 0
            for (f, n) in zip(first[t], counts[t]) where n > 0 {
                for c in f..<(f + n) { row[c] = matrix[t][k]; k += 1 }
            }
            #expect(k == matrix[t].count)
            for r in 0..<11 {
                #expect(abs(Float(kernel[t, r]) - row[r]) <= row[r].ulp, "true bin \(t), channel \(r): \(kernel[t, r]) vs \(row[r])")
            }
        }
    }

    @Test func noOffRegionGivesNoOffCounts() throws {
        let geom = try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"),
                                  axes: [try MapAxis.fromEnergyBounds(1, 10, nbin: 3, unit: "TeV")])
        let events = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523).events()
        #expect(try geom.makeCountsOff(events: events, regions: [], wcs: try WcsGeom.create(binsz: 0.1)) == nil)
    }
}
