import Foundation
import Testing
import TestSupport

/// `make run`'s job without any GAMMAPY_DATA: the makers tutorial's stacked reduction
/// (Examples/crab-3d/config.yaml) of the four Crab runs shipped in data/gammapy-data-sample,
/// with its pictures. Gammapy 2.1 gives 7972 counts and 7559.60 background for it (the shared
/// seed-3d-stacked scenario's expected summary, the same configuration).
@Suite(.serialized)
struct MainJobTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func tutorialReductionRunsOnTheShippedSample() throws {
        let dir = TemporaryDirectory()
        let sample = Self.root.appendingPathComponent("data/gammapy-data-sample").path
        let config = Self.root.appendingPathComponent("Examples/crab-3d/config.yaml").path
        let result = try GammaKitCLI.run(["reduce", config, "--output", dir.file("crab"), "--plots", "--verbose"],
                                         environment: ["GAMMAPY_DATA": sample])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  Total counts                    : 7972 \n"), "\(result.stdout)")
        #expect(result.stdout.contains("  Total background counts         : 7559.60\n"), "\(result.stdout)")
        let pictures = try FileManager.default.contentsOfDirectory(atPath: dir.file("crab/plots")).sorted()
        #expect(pictures == ["stacked_background.png", "stacked_counts.png", "stacked_excess.png", "stacked_exposure.png", "stacked_mask_safe.png"])
        for picture in pictures {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("crab/plots/\(picture)")))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 5_000, "\(picture)")
        }
        // the sample holds these four runs and no other
        let other = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "obs_ids: [23523, 23592, 23526, 23559]", with: "obs_ids: [23523, 20136]")
            .replacingOccurrences(of: "exclusion: exclusion.fits.gz", with: "exclusion: \(Self.root.path)/Examples/crab-3d/exclusion.fits.gz")
        try other.write(toFile: dir.file("other.yaml"), atomically: true, encoding: .utf8)
        let missing = try GammaKitCLI.run(["reduce", dir.file("other.yaml"), "--output", dir.file("other")], environment: ["GAMMAPY_DATA": sample])
        #expect(missing.status == 1 && missing.stderr.contains("20136"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("other")))
    }
}
