import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

/// PSFs against Gammapy 2.1: `psf_table` (H.E.S.S.), `psf_3gauss` (CTA 1DC), `psf_king`
/// (H.E.S.S. test file) — values in sr⁻¹, containment and containment radii.
@Suite(.serialized) struct PSFTests {
    static func containment(_ entry: JSON, _ deviation: inout Deviation,
                            _ evaluate: (ShapedArray, ShapedArray, ShapedArray) throws -> ShapedArray) throws {
        for c in entry["containment"] as! [JSON] {
            let ours = try evaluate(IRFFixtures.array(c["rad"]), IRFFixtures.array(c["energy_true"]), IRFFixtures.array(c["offset"]))
            deviation.compare(ours.values, IRFFixtures.array(c["containment"]).values,
                              native: IRFFixtures.array(c["containment_native"]).values, rtol: 1e-9, "containment")
        }
    }

    static func radii(_ entry: JSON, _ deviation: inout Deviation,
                      _ radius: (Double, ShapedArray, ShapedArray) throws -> ShapedArray) throws {
        for c in entry["containment_radius"] as! [JSON] {
            let ours = try radius(Double(c["fraction"] as! String)!, IRFFixtures.array(c["energy_true"]), IRFFixtures.array(c["offset"]))
            deviation.compare(ours.values, IRFFixtures.array(c["radius"]).values,
                              native: IRFFixtures.array(c["radius_native"]).values, rtol: 1e-12, "containment radius \(c["fraction"]!)")
        }
    }

    @Test(Test.needsData) func psfTableMatchesGammapy() throws {
        var values = Deviation("psf_table")
        var containment = Deviation("psf_table containment and radii")
        for entry in IRFFixtures.entries("psf_table") {
            let psf = try PSFTable(table: IRFFixtures.table(entry))
            #expect(psf.unit == "sr^-1")
            try checkCases(entry["cases"] as! [JSON], &values, nativeTolerance: 1e-12) { c in
                try psf.evaluate(energyTrue: c["energy_true"], offset: c["offset"], rad: c["rad"])
            }
            try Self.containment(entry, &containment) { try psf.containment(rad: $0, energyTrue: $1, offset: $2) }
            try Self.radii(entry, &containment) { try psf.containmentRadius(fraction: $0, energyTrue: $1, offset: $2) }
        }
        values.report()
        containment.report()
    }

    @Test(Test.needsData) func psf3GaussMatchesGammapy() throws {
        var values = Deviation("psf_3gauss")
        var containment = Deviation("psf_3gauss containment and radii")
        for entry in IRFFixtures.entries("psf_3gauss") {
            let psf = try PSF3Gauss(table: IRFFixtures.table(entry))
            let parameters = entry["parameters"] as! JSON
            for name in PSF3Gauss.parameterNames {
                #expect(psf.parameters.values(of: name)! == IRFFixtures.array(parameters[name]).values, "parameter \(name)")
            }
            try checkCases(entry["cases"] as! [JSON], &values, rtol: 1e-12, nativeTolerance: 1e-12) { c in
                try psf.evaluate(energyTrue: c["energy_true"]!, offset: c["offset"]!, rad: c["rad"]!)
            }
            try Self.containment(entry, &containment) { try psf.containment(rad: $0, energyTrue: $1, offset: $2) }
            try Self.radii(entry, &containment) { try psf.containmentRadius(fraction: $0, energyTrue: $1, offset: $2) }
            try Self.checkTable(try psf.toPSFTable(), entry, &values)
        }
        values.report()
        containment.report()
    }

    @Test(Test.needsData) func psfKingMatchesGammapy() throws {
        var values = Deviation("psf_king")
        var containment = Deviation("psf_king containment and radii")
        for entry in IRFFixtures.entries("psf_king") {
            let psf = try PSFKing(table: IRFFixtures.table(entry, kind: nil))
            try checkCases(entry["cases"] as! [JSON], &values, rtol: 1e-12, nativeTolerance: 1e-12) { c in
                try psf.evaluate(energyTrue: c["energy_true"]!, offset: c["offset"]!, rad: c["rad"]!)
            }
            try Self.containment(entry, &containment) { try psf.containment(rad: $0, energyTrue: $1, offset: $2) }
            try Self.radii(entry, &containment) { try psf.containmentRadius(fraction: $0, energyTrue: $1, offset: $2) }
            try Self.checkTable(try psf.toPSFTable(), entry, &values)
        }
        values.report()
        containment.report()
    }

    /// `to_psf3d` sampled every 5th energy and 11th radius.
    static func checkTable(_ table: PSFTable, _ entry: JSON, _ deviation: inout Deviation) throws {
        let expected = entry["to_psf3d_every_5th_energy_11th_rad"] as! JSON
        #expect(table.unit == "deg-2")
        let shape = table.grid.shape
        var sampled: [Double] = []
        for e in Swift.stride(from: 0, to: shape[0], by: 5) {
            for o in 0..<shape[1] {
                for r in Swift.stride(from: 0, to: shape[2], by: 11) { sampled.append(table.data[(e * shape[1] + o) * shape[2] + r]) }
            }
        }
        deviation.compare(sampled, IRFFixtures.array(expected["values"]).values, rtol: 1e-12, "to_psf3d")
    }
}

extension IRFFixtures {
    static func table(_ entry: JSON, kind: IRFKind?) throws -> FITSTable { try table(entry) }
}
