import DL3
import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// `SpectrumDataset.create` and `SpectrumDatasetMaker` against Gammapy 2.1: the makers tutorial's
/// 1D runs (Fixtures/reflected-regions.json, spectrum-edisp.json, containment-exposure.json) and
/// a MAGIC point ON region (pointlike-regions.json).
struct SpectrumDatasetMakerTests {
    typealias JSON = [String: Any]

    /// Gammapy: SpectrumDataset.create(RegionGeom.create("icrs;circle(83.63,22.01,0.2)", axes=[1-10 TeV, 3 bins]),
    /// energy_axis_true=0.3-10 TeV, 4 bins): a false safe mask, float32 diagonal kernel
    /// (edisp_map.data.ravel()[:6] = [0, 0, 0, 0.7239374, 0, 0]), no PSF.
    @Test func emptySpectrumAsGammapy() throws {
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 3, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 4, unit: "TeV", name: "energy_true")
        let geom = try RegionGeom(region: SkyRegion(.circle(center: SkyCoord(ra: 83.63, dec: 22.01), radius: 0.2)), axes: [energy])
        let empty = try SpectrumDataset.create(geom: geom, energyAxisTrue: energyTrue, name: "empty")
        #expect(empty.name == "empty" && empty.precision == .float32 && empty.psf == nil)
        #expect(empty.maskSafe?.data == [false, false, false])
        #expect(empty.counts?.data == [0, 0, 0] && empty.background?.data == [0, 0, 0])
        #expect(empty.exposure?.geom.axes.names == ["energy_true"] && empty.exposure?.unit == "m2 s")
        guard case .kernel(let kernel)? = empty.edisp else { Issue.record("no kernel"); return }
        #expect(kernel.edispKernelMap.geom.axes.names == ["energy", "energy_true"])
        #expect(Array(kernel.edispKernelMap.data.prefix(6)) == [0, 0, 0, Double(Float(0.7239374)), 0, 0])
        #expect(kernel.exposureMap?.geom.axes.names == ["energy", "energy_true"] && kernel.exposureMap?.geom.axes[0].nbin == 1)
        #expect(throws: DatasetError.self) { try SpectrumDataset.create(geom: try RegionGeom(region: geom.region, axes: [energyTrue])) }
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func tutorialRunsAsGammapy() throws {
        let section = (ReflectedRegionsFinderTests.document["tutorial"] as! JSON)["tutorial"] as! JSON
        let edispURL = Bundle.module.url(forResource: "spectrum-edisp", withExtension: "json", subdirectory: "Fixtures")!
        let edispReference = try JSONSerialization.jsonObject(with: Data(contentsOf: edispURL)) as! JSON
        let containmentURL = Bundle.module.url(forResource: "containment-exposure", withExtension: "json", subdirectory: "Fixtures")!
        let containmentReference = try JSONSerialization.jsonObject(with: Data(contentsOf: containmentURL)) as! JSON
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let geom = try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy])
        let empty = try SpectrumDataset.create(geom: geom, energyAxisTrue: energyTrue)
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        let maker = try SpectrumDatasetMaker(), corrected = try SpectrumDatasetMaker(containmentCorrection: true)
        func close(_ a: [Double]?, _ b: [Double]) -> Bool {
            guard let a, a.count == b.count else { return false }
            return zip(a, b).allSatisfy { abs($0 - $1) <= 1e-10 * max(abs($1), 1) }
        }
        for run in section["runs"] as! [JSON] {
            let id = run["obs_id"] as! Int
            let observation = try store.observation(id)
            let spectrum = try maker.run(empty.copy(name: "obs-\(id)"), observation: observation)
            #expect(spectrum.name == "obs-\(id)" && spectrum.precision == .float64)
            #expect(spectrum.counts?.data == run["counts"] as? [Double], "run \(id) counts")
            #expect(close(spectrum.exposure?.data, run["exposure_m2s"] as! [Double]), "run \(id) exposure")
            #expect(spectrum.maskSafe?.data.allSatisfy { $0 } == true)
            #expect(spectrum.metaTable.map(\.obsID) == [id] && spectrum.gti?.count == 1)
            if let edisp = edispReference[String(id)] as? JSON, case .kernel(let kernel)? = spectrum.edisp {
                let expected = (edisp["pdf_matrix"] as! [[Double]]).flatMap { $0 }
                #expect(zip(kernel.edispKernelMap.data, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "run \(id) kernel")
                #expect(close(kernel.exposureMap?.data, edisp["exposure_m2s"] as! [Double]), "run \(id) kernel exposure")
            }
            if let values = containmentReference[String(id)] as? JSON {
                let withContainment = try corrected.run(empty, observation: observation)
                #expect(close(withContainment.exposure?.data, values["exposure_m2s"] as! [Double]), "run \(id) containment")
            }
        }
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
    func pointOnRegionCountsWithinRadMax() throws {
        let section = PointLikeRegionsTests.document["magic"] as! JSON
        let store = try PointLikeRegionsTests.store(section)
        let geom = try RegionGeom(region: SkyRegion(.point(center: PointLikeRegionsTests.sky(section["on_region"] as! JSON))),
                                  axes: [try PointLikeRegionsTests.energyAxis(section)])
        let empty = try SpectrumDataset.create(geom: geom)
        for testCase in (section["cases"] as! [JSON]) where testCase["n_off_regions_param"] as! Int == 1 {
            let id = testCase["obs_id"] as! Int
            let spectrum = try SpectrumDatasetMaker(selection: [.counts]).run(empty, observation: try store.observation(id, required: .pointLike))
            #expect(spectrum.counts?.data == testCase["counts"] as? [Double], "MAGIC \(id)")
            #expect(spectrum.exposure == nil && spectrum.edisp == nil)
        }
        // Point-like data have no background IRF for a background spectrum: named, not guessed.
        let magic = try store.observation(5029747, required: .pointLike)
        let error = #expect(throws: MapMakingError.self) { try SpectrumDatasetMaker(selection: [.background]).run(empty, observation: magic) }
        #expect(error.map { "\($0)" }?.contains("observation 5029747: the background spectrum needs a background IRF") == true)
    }
}
