import Foundation
import Testing
@testable import Analysis

/// The memory estimate that refuses oversized geometries before anything is allocated
/// (issue 14, item 3).
struct ReductionMemoryTests {
    private func config(_ replacing: String = "", with: String = "") throws -> AnalysisConfig {
        try AnalysisConfig.parse(yaml: ConfigValidationTests.base.replacingOccurrences(of: replacing, with: with), baseDirectory: "/")
    }

    @Test func estimateOfTheBaseGeometry() throws {
        // 250 × 250 pixels, 10 reco and 20 true-energy bins, IRF maps 25 × 25; stacked, 2 workers:
        // dataset = 62500·10·17 + 62500·20·8 + 625·20·(66+1+10+1)·8 = 28 425 000 bytes,
        // kept 1 + working 2·3 datasets, plus 120 bytes per reference pixel.
        let memory = ReductionMemory(config: try config(), observationCount: 2, jobs: 2)
        #expect(memory.bytes == 28_425_000 * 7 + 62_500 * 120)
        #expect(memory.key == "datasets.geom.wcs.binsize")
        try memory.check()
        #expect(memory.description.hasPrefix("about 206.5 MB (maps of 250 × 250 pixels"), "\(memory)")
    }

    @Test func unstackedKeepsOneCutoutPerObservation() throws {
        let stacked = ReductionMemory(config: try config(), observationCount: 100, jobs: 1)
        let unstacked = ReductionMemory(config: try config("type: 3d", with: "type: 3d\n    stack: false"), observationCount: 100, jobs: 1)
        #expect(unstacked.bytes - stacked.bytes == 99 * 28_425_000)
        #expect(unstacked.detail.hasSuffix("100 datasets kept"))
    }

    @Test(arguments: [
        ("binsize: 0.02 deg", "binsize: 0.00001 deg", "datasets.geom.wcs.binsize"),
        ("width: 5 deg, height: 5 deg", "width: 360 deg, height: 180 deg", "datasets.geom.wcs.binsize"),
        ("nbins: 10", "nbins: 1000000", "datasets.geom.axes.energy.nbins"),
        ("nbins: 20", "nbins: 1000000", "datasets.geom.axes.energy_true.nbins"),
        ("binsize: 0.02 deg", "binsize: 0.02 deg\n            binsize_irf: 0.0001 deg", "datasets.geom.wcs.binsize_irf"),
    ])
    func oversizedGeometriesAreRefusedNamingTheKey(replacing: String, with: String, key: String) throws {
        let yaml = ConfigValidationTests.base.replacingOccurrences(of: replacing, with: with)
        let memory = ReductionMemory(config: try AnalysisConfig.parse(yaml: yaml, baseDirectory: "/"), observationCount: 2, jobs: 2)
        #expect(memory.key == key)
        #expect(throws: ConfigError.self) { try memory.check(limit: 24e9) }
        do {
            try memory.check(limit: 24e9)
        } catch let error as ConfigError {
            #expect(error.key == key)
            #expect(error.message.contains("but the bound is 24.0 GB") && error.message.contains("--max-memory "), "\(error)")
        }
    }

    @Test func boundCanBeRaised() throws {
        let memory = ReductionMemory(config: try config(), observationCount: 2, jobs: 2)
        #expect(throws: ConfigError.self) { try memory.check(limit: 100e6) }
        try memory.check(limit: 300e6)
    }

    @Test func sizesParseAndPrint() {
        #expect(MachineMemory.parse("64GB") == 64e9)
        #expect(MachineMemory.parse("500 MB") == 500e6)
        #expect(MachineMemory.parse("2TiB") == 2 * 1_099_511_627_776.0)
        #expect(MachineMemory.parse("1e12") == 1e12)
        #expect(MachineMemory.parse("lots") == nil)
        #expect(MachineMemory.parse("-5GB") == nil)
        #expect(MachineMemory.parse("5 parsecs") == nil)
        #expect(ReductionMemory.size(759.2e9) == "759.2 GB")
        #expect(ReductionMemory.size(3.3e18) == "3.3e+18 B")
        #expect(MachineMemory.bytes > 1e9)
    }
}
