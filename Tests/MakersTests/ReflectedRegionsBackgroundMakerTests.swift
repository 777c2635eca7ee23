import DL3
import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Synchronization
import Testing
import TestSupport

/// SpectrumDatasetMaker → ReflectedRegionsBackgroundMaker, the makers tutorial's 1D loop, against
/// Gammapy 2.1 (Fixtures/reflected-regions.json): counts, counts_off, acceptance, acceptance_off
/// and alpha per bin for each run; with everything but the ON region excluded, Gammapy's
/// warnings, no OFF counts, acceptance_off 0, alpha the largest double and a false safe mask.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct ReflectedRegionsBackgroundMakerTests {
    typealias JSON = [String: Any]

    @Test(arguments: ReflectedRegionsFinderTests.onRegionNames)
    func tutorialLoopAsGammapy(on: String) throws {
        let section = (ReflectedRegionsFinderTests.document["tutorial"] as! JSON)[on] as! JSON
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: ReflectedRegionsFinderTests.onRegion(on), axes: [energy]),
                                               energyAxisTrue: energyTrue)
        let mask = try ReflectedRegionsFinderTests.exclusion((section["exclusion"] as! JSON)["name"] as! String)
        let background = try ReflectedRegionsBackgroundMaker(exclusionMask: mask)
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        for run in section["runs"] as! [JSON] {
            let id = run["obs_id"] as! Int
            let observation = try store.observation(id)
            let onOff = try background.run(try SpectrumDatasetMaker().run(empty.copy(name: "obs-\(id)"), observation: observation),
                                           observation: observation)
            #expect(onOff.name == "obs-\(id)")
            #expect(onOff.dataset.counts?.data == run["counts"] as? [Double], "run \(id)")
            #expect(onOff.countsOff?.data == run["counts_off"] as? [Double], "run \(id)")
            #expect(onOff.acceptance.data == run["acceptance"] as! [Double], "run \(id)")
            #expect(onOff.acceptanceOff.data == run["acceptance_off"] as! [Double], "run \(id)")
            // Foundation's JSON parser reads some 17-digit numbers one or two ulps off: compare to 1e-15.
            #expect(zip(onOff.alpha.data, run["alpha"] as! [Double]).allSatisfy { abs($0 - $1) <= 1e-15 * $1 }, "run \(id)")
            #expect(onOff.alpha.data.allSatisfy { $0 == 1 / Double(run["n_off_regions"] as! Int) }, "run \(id)")
            #expect(onOff.dataset.maskSafe?.data.allSatisfy { $0 } == true)
        }
    }

    @Test func noOffRegionAsGammapy() throws {
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy]))
        let warnings = Mutex<[String]>([])
        let background = try ReflectedRegionsBackgroundMaker(exclusionMask: try ReflectedRegionsFinderTests.exclusion("all-but-on:tutorial")) { w in
            warnings.withLock { $0.append(w) }
        }
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let onOff = try background.run(try SpectrumDatasetMaker().run(empty.copy(name: "23523"), observation: observation), observation: observation)
        #expect(onOff.countsOff == nil)
        #expect(onOff.acceptanceOff.data.allSatisfy { $0 == 0 })
        #expect(onOff.alpha.data.allSatisfy { $0 == .greatestFiniteMagnitude })
        #expect(onOff.dataset.maskSafe?.data.allSatisfy { !$0 } == true)
        #expect(onOff.npredBackground.data.allSatisfy { $0 == 0 })
        #expect(warnings.withLock { $0 } == ["ReflectedRegionsBackgroundMaker failed. No OFF region found outside exclusion mask for dataset '23523'.",
                                             "ReflectedRegionsBackgroundMaker failed. Setting 23523 mask to False."])
    }

    /// The four runs stacked as Gammapy's `Datasets.stack_reduce()` (the first masked, the others
    /// stacked into it): its info_dict has counts 483, counts_off 741, alpha 0.0848975554…,
    /// acceptance 44 and acceptance_off 518.27167 (float32).
    @Test func stackedTutorialRunsAsGammapy() throws {
        let section = (ReflectedRegionsFinderTests.document["tutorial"] as! JSON)["tutorial"] as! JSON
        let info = section["stacked_info_dict"] as! JSON
        let energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy]),
                                               energyAxisTrue: energyTrue)
        let background = try ReflectedRegionsBackgroundMaker(exclusionMask: try ReflectedRegionsFinderTests.exclusion("tutorial"))
        let safe = try SafeMaskMaker(methods: [.aeffMax], aeffPercent: 10)
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        var stacked: SpectrumDatasetOnOff?
        var exposures: [[Double]] = []
        for run in section["runs"] as! [JSON] {
            let observation = try store.observation(run["obs_id"] as! Int)
            let onOff = try safe.run(try background.run(try SpectrumDatasetMaker().run(empty, observation: observation), observation: observation),
                                     observation: observation)
            exposures.append(onOff.dataset.exposure!.data)
            if stacked == nil { stacked = try onOff.toMasked(name: "stacked") } else { try stacked!.stack(onOff) }
        }
        let result = try #require(stacked)
        let counts = result.dataset.counts!.data.reduce(0, +), off = result.countsOff!.data.reduce(0, +)
        #expect(counts == info["counts"] as! Double && off == info["counts_off"] as! Double)
        let alphaOff = zip(result.alpha.data, result.countsOff!.data).map { $0 * $1 }.reduce(0, +)
        #expect(abs(alphaOff / off - (info["alpha"] as! Double)) < 1e-7, "alpha \(alphaOff / off)")
        #expect(result.acceptance.data.reduce(0, +) == info["acceptance"] as! Double)
        let acceptanceOff = 44 / (alphaOff / off)
        #expect(abs(acceptanceOff - (info["acceptance_off"] as! Double)) < 1e-4, "acceptance_off \(acceptanceOff)")
        #expect(result.name == "stacked" && result.dataset.metaTable.count == 4 && result.dataset.gti?.count == 4)
        #expect(result.dataset.maskSafe?.data.allSatisfy { $0 } == true)
        // exposure summed over the runs, as float32
        for k in 0..<31 {
            let expected = exposures.reduce(Float(0)) { $0 + Float($1[k]) }
            #expect(abs(Float(result.dataset.exposure!.data[k]) - expected) <= expected.ulp * 4, "exposure bin \(k)")
        }
    }
}
