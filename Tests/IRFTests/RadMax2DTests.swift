import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

/// `rad_max_2d` (MAGIC) and the fixed cut of a point-like IRF (VERITAS) against Gammapy 2.1.
@Suite(.serialized) struct RadMax2DTests {
    @Test(Test.needsData) func valuesMatchGammapy() throws {
        var deviation = Deviation("rad_max_2d")
        for entry in IRFFixtures.entries("rad_max_2d") {
            let radMax: RadMax2D
            if entry["hdu_class"] as! String == "rad_max_from_aeff" {
                radMax = try RadMax2D(fixedFrom: EffectiveAreaTable2D(table: IRFFixtures.table(entry)))
                #expect(radMax.isFixedRadMax)
            } else {
                radMax = try RadMax2D(table: IRFFixtures.table(entry))
                #expect(!radMax.isFixedRadMax)
            }
            let axes = entry["axes"] as! JSON
            #expect(radMax.energyAxis.edges == IRFFixtures.numbers((axes["energy"] as! JSON)["edges"]))
            try checkCases(entry["cases"] as! [JSON], &deviation, rtol: 1e-12, nativeTolerance: 1e-12) { c in
                try radMax.evaluate(energy: c["energy"], offset: c["offset"])
            }
        }
        deviation.report()
    }
}
