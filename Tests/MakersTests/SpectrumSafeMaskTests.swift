import DL3
import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// SafeMaskMaker on an on/off spectrum against Gammapy 2.1: run 23523, the tutorial's 0.2 deg ON
/// circle, energy 0.5–10 TeV (12 bins), true energy 0.3–20 TeV (31), SpectrumDatasetMaker then
/// ReflectedRegionsBackgroundMaker (defaults), then one SafeMaskMaker per case on a fresh dataset
/// (Gammapy changes the input's mask in place); Gammapy's mask_safe.data.ravel():
///   aeff-max 50 % (DL4)        0 0 0 0 0 1 1 1 1 1 1 1
///   aeff-max 30 % (DL3)        0 0 0 1 1 1 1 1 1 1 1 1
///   edisp-bias 10 % (DL4)      0 0 0 1 1 1 1 1 1 1 1 1
///   edisp-bias 5 % (DL3)       0 0 0 0 1 1 1 1 1 1 1 1
///   aeff-default               0 0 0 1 1 1 1 1 1 1 1 1
///   offset-max 0.6 / 0.4 deg   all 1 / all 0
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct SpectrumSafeMaskTests {
    static func mask(_ bits: String) -> [Bool] { bits.split(separator: " ").map { $0 == "1" } }

    @Test func methodsAsGammapy() throws {
        let energy = try MapAxis.fromEnergyBounds(0.5, 10, nbin: 12, unit: "TeV")
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 20, nbin: 31, unit: "TeV", name: "energy_true")
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: ReflectedRegionsFinderTests.onRegion("tutorial"), axes: [energy]),
                                               energyAxisTrue: energyTrue)
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let onOff = try ReflectedRegionsBackgroundMaker().run(try SpectrumDatasetMaker().run(empty, observation: observation), observation: observation)
        #expect(onOff.dataset.counts?.data == [52, 69, 55, 31, 27, 24, 9, 15, 10, 7, 7, 1])
        #expect(onOff.countsOff?.data == [103, 96, 38, 28, 28, 15, 8, 19, 9, 11, 4, 5])
        let cases: [(SafeMaskMaker, String)] = [
            (try SafeMaskMaker(methods: [.aeffMax], aeffPercent: 50), "0 0 0 0 0 1 1 1 1 1 1 1"),
            (try SafeMaskMaker(methods: [.aeffMax], aeffPercent: 30, irfs: .dl3), "0 0 0 1 1 1 1 1 1 1 1 1"),
            (try SafeMaskMaker(methods: [.edispBias], biasPercent: 10), "0 0 0 1 1 1 1 1 1 1 1 1"),
            (try SafeMaskMaker(methods: [.edispBias], biasPercent: 5, irfs: .dl3), "0 0 0 0 1 1 1 1 1 1 1 1"),
            (try SafeMaskMaker(methods: [.aeffDefault]), "0 0 0 1 1 1 1 1 1 1 1 1"),
            (try SafeMaskMaker(methods: [.offsetMax], offsetMax: 0.6), "1 1 1 1 1 1 1 1 1 1 1 1"),
            (try SafeMaskMaker(methods: [.offsetMax], offsetMax: 0.4), "0 0 0 0 0 0 0 0 0 0 0 0"),
        ]
        for (maker, expected) in cases {
            let masked = try maker.run(onOff, observation: observation)
            #expect(masked.dataset.maskSafe?.data == Self.mask(expected), "\(maker.methods) \(maker.irfs): \(expected)")
        }
        // The input keeps its mask (Gammapy's maker changes it in place).
        #expect(onOff.dataset.maskSafe?.data.allSatisfy { $0 } == true)
        #expect(throws: SafeMaskError.self) { try SafeMaskMaker(methods: [.bkgPeak]).run(onOff, observation: observation) }
    }

    /// `print(dataset)` of the tutorial's run 23523 after SpectrumDatasetMaker,
    /// ReflectedRegionsBackgroundMaker (the tutorial's exclusion) and SafeMaskMaker aeff-max 10 %,
    /// as Gammapy 2.1 prints it (scripts/reference/ogip_reference.py prints the same dataset).
    @Test func summaryAsGammapyPrintsIt() throws {
        let onOff = try SpectrumFITSTests.tutorialRun()
        let expected = """
        SpectrumDatasetOnOff
        --------------------

          Name                            : obs-23523 

          Total counts                    : 137 
          Total background counts         : 21.83
          Total excess counts             : 115.17

          Predicted counts                : 38.29
          Predicted background counts     : 38.29
          Predicted excess counts         : nan

          Exposure min                    : 4.65e+06 m2 s
          Exposure max                    : 1.02e+09 m2 s

          Number of total bins            : 11 
          Number of fit bins              : 11 

          Fit statistic type              : wstat
          Fit statistic value (-2 log(L)) : 208.66

          Number of models                : 0 
          Number of parameters            : 0
          Number of free parameters       : 0

          Total counts_off                : 131 
          Acceptance                      : 11 
          Acceptance off                  : 66 
        """
        #expect(onOff.description == expected + "\n")
    }
}
