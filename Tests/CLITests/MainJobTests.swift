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
        // one line per observation on stderr (not a terminal), the table of observations on stdout
        #expect(result.stderr.contains("observation 23523 (1/4): reduced, "), "\(result.stderr)")
        #expect(result.stdout.contains(" 23592  reduced    1933    1581.3"), "\(result.stdout)")
        #expect(result.stdout.contains("4 reduced, 0 skipped, 0 failed: 7972 counts, livetime 6313.8 s"), "\(result.stdout)")
        let pictures = try FileManager.default.contentsOfDirectory(atPath: dir.file("crab/plots")).sorted()
        #expect(pictures == ["stacked_background.png", "stacked_counts.png", "stacked_excess.png", "stacked_exposure.png", "stacked_mask_safe.png"])
        for picture in pictures {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("crab/plots/\(picture)")))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 5_000, "\(picture)")
        }
        let quiet = try GammaKitCLI.run(["reduce", config, "--output", dir.file("quiet"), "--quiet"], environment: ["GAMMAPY_DATA": sample])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && !quiet.stdout.contains("reduced"), "\(quiet.stdout) \(quiet.stderr)")
        // the sample holds these four runs and no other
        let other = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "obs_ids: [23523, 23592, 23526, 23559]", with: "obs_ids: [23523, 20136]")
            .replacingOccurrences(of: "exclusion: exclusion.fits.gz", with: "exclusion: \(Self.root.path)/Examples/crab-3d/exclusion.fits.gz")
        try other.write(toFile: dir.file("other.yaml"), atomically: true, encoding: .utf8)
        let missing = try GammaKitCLI.run(["reduce", dir.file("other.yaml"), "--output", dir.file("other")], environment: ["GAMMAPY_DATA": sample])
        #expect(missing.status == 1 && missing.stderr.contains("20136"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("other")))
    }

    /// The bytes of a FITS file with its creation-time cards blanked (CREATED, DATE: the only
    /// cards that change from run to run).
    static func bytesWithoutDates(_ path: String) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for start in stride(from: 0, to: bytes.count - 80, by: 80) {
            let key = String(decoding: bytes[start..<(start + 8)], as: UTF8.self)
            if key == "CREATED " || key == "DATE    " { for k in start..<(start + 80) { bytes[k] = 0x20 } }
        }
        return bytes
    }

    @Test(arguments: ["stack: true", "stack: false"])
    func outputDoesNotDependOnJobs(_ stack: String) throws {
        let dir = TemporaryDirectory()
        let sample = Self.root.appendingPathComponent("data/gammapy-data-sample").path
        let config = try String(contentsOfFile: Self.root.appendingPathComponent("Examples/crab-3d/config.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "stack: true", with: stack)
            .replacingOccurrences(of: "exclusion: exclusion.fits.gz", with: "exclusion: \(Self.root.path)/Examples/crab-3d/exclusion.fits.gz")
        try config.write(toFile: dir.file("config.yaml"), atomically: true, encoding: .utf8)
        for jobs in ["1", "2"] {
            let result = try GammaKitCLI.run(["reduce", dir.file("config.yaml"), "--output", dir.file("jobs\(jobs)"), "--jobs", jobs],
                                             environment: ["GAMMAPY_DATA": sample])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("jobs1")).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: dir.file("jobs2")).sorted()))
        #expect(files.filter { $0.hasSuffix(".fits") }.count == (stack == "stack: true" ? 1 : 4), "\(files)")
        for file in files where file.hasSuffix(".fits") {
            let same = try Self.bytesWithoutDates(dir.file("jobs1/\(file)")) == Self.bytesWithoutDates(dir.file("jobs2/\(file)"))
            #expect(same, "\(file) differs between --jobs 1 and --jobs 2")
        }
        // the YAML files differ only in their metadata's date and checksum
        func yaml(_ path: String) throws -> [Substring] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.contains("date: ") && !$0.contains("checksum: ") }
        }
        for file in files where file.hasSuffix(".yaml") {
            #expect(try yaml(dir.file("jobs1/\(file)")) == yaml(dir.file("jobs2/\(file)")), "\(file)")
        }
        let bad = try GammaKitCLI.run(["reduce", dir.file("config.yaml"), "--output", dir.file("jobs0"), "--jobs", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--jobs must be at least 1"), "\(bad.stderr)")
    }
}
