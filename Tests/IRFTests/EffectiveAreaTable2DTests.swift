import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

/// `aeff_2d` against Gammapy 2.1 (H.E.S.S., CTA 1DC, MAGIC and VERITAS point-like files).
@Suite(.serialized) struct EffectiveAreaTable2DTests {
    @Test(Test.needsData) func valuesMatchGammapy() throws {
        var deviation = Deviation("aeff_2d")
        for entry in IRFFixtures.entries("aeff_2d") {
            let aeff = try EffectiveAreaTable2D(table: IRFFixtures.table(entry))
            #expect(aeff.isPointLike == entry["is_pointlike"] as! Bool)
            let axes = entry["axes"] as! JSON
            let energy = axes["energy_true"] as! JSON
            #expect(aeff.energyAxisTrue.edges == IRFFixtures.numbers(energy["edges"]), "\(entry["file"]!): energy edges")
            #expect(aeff.offsetAxis.centers == IRFFixtures.numbers((axes["offset"] as! JSON)["centers"]))
            #expect(aeff.offsetAxis.nodeType.rawValue == (axes["offset"] as! JSON)["node_type"] as! String)
            try checkCases(entry["cases"] as! [JSON], &deviation, nativeTolerance: 1e-12) { c in
                try aeff.evaluate(energyTrue: c["energy_true"], offset: c["offset"])
            }
            let lo = Double(entry["lo_thres"] as! String)!
            #expect(aeff.loThreshold ?? .nan == lo || (lo.isNaN && aeff.loThreshold == nil))
            for t in entry["aeff_max_thresholds"] as! [JSON] {
                let expected = Double(t["energy_min"] as! String)!
                let ours = try aeff.energyThreshold(percentOfMaximum: Double(t["percent"] as! String)!,
                                                    offset: Double(t["offset"] as! String)!)
                #expect(ours ?? .nan == expected || (expected.isNaN && ours == nil), "aeff-max threshold \(t)")
            }
        }
        deviation.report()
    }

    @Test(Test.needsData) func singleValueAccessorAgreesWithBatches() throws {
        let aeff = try EffectiveAreaTable2D(table: FITSFile(path: GammapyData.file(
            "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz")).table("AEFF"))
        let batch = try aeff.evaluate(energyTrue: ShapedArray([0.5, 1, 10], shape: [3, 1]), offset: [0.2, 0.5, 1.9, 3.0])
        #expect(batch.shape == [3, 4])
        #expect(try aeff.evaluate(energyTrue: 10, offset: 1.9) == batch.values[2 * 4 + 2])
        #expect(batch.values[3] == 0, "beyond the last offset edge (2.75 deg) Gammapy gives 0")
        #expect(aeff.loThreshold == 0.870963589956081 && aeff.hiThreshold == 100)
    }
}
