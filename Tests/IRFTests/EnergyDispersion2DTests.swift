import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

/// `edisp_2d` against Gammapy 2.1: evaluation, `to_edisp_kernel` and `get_bias_energy`.
@Suite(.serialized) struct EnergyDispersion2DTests {
    @Test(Test.needsData) func valuesMatchGammapy() throws {
        var deviation = Deviation("edisp_2d")
        for entry in IRFFixtures.entries("edisp_2d") {
            let edisp = try EnergyDispersion2D(table: IRFFixtures.table(entry))
            #expect(edisp.isPointLike == entry["is_pointlike"] as! Bool)
            try checkCases(entry["cases"] as! [JSON], &deviation, nativeTolerance: 1e-12) { c in
                try edisp.evaluate(energyTrue: c["energy_true"], migra: c["migra"], offset: c["offset"])
            }
        }
        deviation.report()
    }

    @Test(Test.needsData) func kernelAndBiasEnergyMatchGammapy() throws {
        var kernels = Deviation("edisp_2d to_edisp_kernel")
        var bias = Deviation("edisp_2d get_bias_energy(0.1)")
        for entry in IRFFixtures.entries("edisp_2d") {
            let edisp = try EnergyDispersion2D(table: IRFFixtures.table(entry))
            for k in entry["kernels"] as! [JSON] {
                let offset = Double(k["offset"] as! String)!
                let kernel: EDispKernel
                if k["custom_axes"] as! Bool {
                    kernel = try edisp.toEDispKernel(
                        offset: offset,
                        energyAxisTrue: MapAxis.fromEnergyEdges(IRFFixtures.numbers(k["energy_true_edges"]), name: "energy_true"),
                        energyAxis: MapAxis.fromEnergyEdges(IRFFixtures.numbers(k["energy_edges"])))
                } else {
                    kernel = try edisp.toEDispKernel(offset: offset)
                }
                #expect(kernel.energyAxis.edges == IRFFixtures.numbers(k["energy_edges"]))
                kernels.compare(kernel.data, IRFFixtures.array(k["matrix"]).values,
                                native: IRFFixtures.array(k["matrix_native"]).values, rtol: 1e-6,
                                "\(entry["file"]!) offset \(offset)")
                bias.compare(kernel.bias(energyTrue: kernel.energyAxisTrue.centers), IRFFixtures.numbers(k["bias"]), rtol: 1e-9,
                             "bias \(entry["file"]!) offset \(offset)")
                bias.compare([try kernel.biasEnergy(0.1)], [Double(k["bias_energy_0_1"] as! String)!],
                             native: [Double(k["bias_energy_0_1_native"] as! String)!], rtol: 1e-9,
                             "bias energy \(entry["file"]!) offset \(offset)")
            }
        }
        kernels.report()
        bias.report()
    }

    @Test(Test.needsData) func kernelRowsAreProbabilities() throws {
        let edisp = try EnergyDispersion2D(table: FITSFile(path: GammapyData.file(
            "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz")).table("EDISP"))
        let energy = try MapAxis.fromEnergyBounds(0.01, 300, nbin: 60)
        let kernel = try edisp.toEDispKernel(offset: 0.7, energyAxisTrue: energy.renamed("energy_true"), energyAxis: energy)
        for t in 30..<40 {
            let row = (0..<energy.nbin).reduce(0.0) { $0 + kernel[t, $1] }
            #expect(Swift.abs(row - 1) < 1e-6, "row \(t) sums to \(row)")
        }
    }
}
