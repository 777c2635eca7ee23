import Foundation
import Testing
import TestSupport

/// `gammakit reduce --output/--overwrite` as a careless user runs it (issue 14, items 1–3):
/// every refusal is exit status 1 with a message naming the path, and whatever was there —
/// data store, configuration, previous output — is intact afterwards.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct ReduceOutputSafetyTests {
    private func config(in dir: TemporaryDirectory, datastore: String = "$GAMMAPY_DATA/hess-dl3-dr1",
                        _ edit: (String) -> String = { $0 }) throws -> String {
        let yaml = edit(ReduceCommandTests.single.replacingOccurrences(of: "$GAMMAPY_DATA/hess-dl3-dr1", with: datastore))
        let path = dir.file("config.yaml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every file below `root` with its size: what must not change after a refusal.
    private func snapshot(_ root: String) -> [String: Int] {
        var files: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let name = enumerator?.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + name)
            files[name] = (attributes?[.size] as? Int) ?? -1
        }
        return files
    }

    /// A small data store: links to the DR1 index and one run's file.
    private func linkedStore(in dir: TemporaryDirectory) throws -> String {
        let store = dir.file("store")
        try FileManager.default.createDirectory(atPath: store + "/data", withIntermediateDirectories: true)
        for name in ["hdu-index.fits.gz", "obs-index.fits.gz", "data/hess_dl3_dr1_obs_id_023592.fits.gz"] {
            try FileManager.default.createSymbolicLink(atPath: store + "/" + name, withDestinationPath: GammapyData.file("hess-dl3-dr1/" + name))
        }
        return store
    }

    @Test func overwriteNeverDeletesTheDataStore() throws {
        let dir = TemporaryDirectory()
        let store = try linkedStore(in: dir)
        let config = try config(in: dir, datastore: store)
        let before = snapshot(store)
        // The store itself, a folder holding it, and the store with a planted datasets.yaml.
        for output in [store, dir.path] {
            let result = try GammaKitCLI.run(["reduce", config, "--output", output, "--overwrite"])
            #expect(result.status == 1)
            #expect(result.stderr.contains(output) && result.stderr.contains("refusing to replace it"), "\(result.stderr)")
        }
        try "datasets: []".write(toFile: store + "/datasets.yaml", atomically: true, encoding: .utf8)
        let planted = try GammaKitCLI.run(["reduce", config, "--output", store, "--overwrite"])
        #expect(planted.status == 1)
        #expect(planted.stderr.contains("an input of this run"), "\(planted.stderr)")
        try FileManager.default.removeItem(atPath: store + "/datasets.yaml")
        #expect(snapshot(store) == before)
        // The configuration file as the output.
        let onConfig = try GammaKitCLI.run(["reduce", config, "--output", config, "--overwrite"])
        #expect(onConfig.status == 1 && onConfig.stderr.contains("is not a directory"), "\(onConfig.stderr)")
        #expect(try String(contentsOfFile: config, encoding: .utf8).contains("obs_ids: [23592]"))
    }

    @Test func protectedAndImpossiblePathsAreNamed() throws {
        let dir = TemporaryDirectory()
        let config = try config(in: dir)
        try FileManager.default.createDirectory(atPath: dir.file("work/sub"), withIntermediateDirectories: true)
        try "x".write(toFile: dir.file("plain-file"), atomically: true, encoding: .utf8)
        // (output, what the message says, the path it names)
        let cases: [(String, String, String)] = [
            (".", "is the current directory", "."), ("./", "is the current directory", "./"),
            ("..", "contains the current directory", ".."), ("/", "is the root directory", "/"),
            (dir.path, "is your home directory", dir.path), (dir.file("plain-file/out"), "is not a directory", dir.file("plain-file")),
            ("/proc/gammakit/out", "cannot create the output's folder", "/proc/gammakit"),
        ]
        for (output, message, named) in cases {
            let result = try GammaKitCLI.run(["reduce", config, "--output", output, "--overwrite"],
                                             environment: ["HOME": dir.path], directory: dir.file("work/sub"))
            #expect(result.status == 1, "\(output): \(result.stderr)")
            #expect(result.stderr.contains(message) && result.stderr.contains(named), "\(output): \(result.stderr)")
            #expect(!result.stderr.contains("NSError") && !result.stderr.contains("Fatal error"), "\(result.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.file("plain-file")))
        #expect(FileManager.default.fileExists(atPath: dir.file("work/sub")))
    }

    @Test func refusedOverwriteKeepsThePreviousOutput() throws {
        let dir = TemporaryDirectory()
        let out = dir.file("out")
        let first = try GammaKitCLI.run(["reduce", try config(in: dir), "--output", out])
        #expect(first.status == 0, "\(first.stderr)")
        let before = snapshot(out)
        // A bad configuration is found before the output is touched.
        let broken = try GammaKitCLI.run(["reduce", try config(in: dir) { $0.replacingOccurrences(of: "nbins: 11", with: "nbins: 0") },
                                          "--output", out, "--overwrite"])
        #expect(broken.status == 1 && broken.stderr.contains("datasets.geom.axes.energy.nbins"), "\(broken.stderr)")
        #expect(snapshot(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["config.yaml", "out"])
    }

    @Test func oversizedGeometryIsRefusedBeforeAllocating() throws {
        let dir = TemporaryDirectory()
        let tiny = try GammaKitCLI.run(["reduce", try config(in: dir) { $0.replacingOccurrences(of: "binsize: 0.05 deg", with: "binsize: 0.00001 deg") },
                                        "--output", dir.file("out")])
        #expect(tiny.status == 1)
        #expect(tiny.stderr.contains("key datasets.geom.wcs.binsize") && tiny.stderr.contains("500000 × 500000 pixels") && tiny.stderr.contains(dir.file("config.yaml")), "\(tiny.stderr)")
        let bins = try GammaKitCLI.run(["reduce", try config(in: dir) { $0.replacingOccurrences(of: "nbins: 11", with: "nbins: 1000000") },
                                        "--output", dir.file("out")])
        #expect(bins.status == 1 && bins.stderr.contains("key datasets.geom.axes.energy.nbins"), "\(bins.stderr)")
        // A bound below the estimate refuses an ordinary run; --max-memory is checked as a size.
        let bounded = try GammaKitCLI.run(["reduce", try config(in: dir), "--output", dir.file("out"), "--max-memory", "10MB"])
        #expect(bounded.status == 1 && bounded.stderr.contains("the bound is 10.0 MB"), "\(bounded.stderr)")
        let garbage = try GammaKitCLI.run(["reduce", try config(in: dir), "--output", dir.file("out"), "--max-memory", "lots"])
        #expect(garbage.status != 0 && garbage.stderr.contains("'lots' is not a size"), "\(garbage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))
    }

    @Test func duplicateObservationIsRefused() throws {
        let dir = TemporaryDirectory()
        let result = try GammaKitCLI.run(["reduce", try config(in: dir) { $0.replacingOccurrences(of: "[23592]", with: "[23592, 23592]") },
                                          "--output", dir.file("out")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("observations.obs_ids") && result.stderr.contains("listed more than once"), "\(result.stderr)")
    }

    /// Read-only and full file systems, as small tmpfs mounts; only where this test may mount
    /// (root, as in CI).
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func readOnlyAndFullFileSystemsAreNamed() throws {
        let dir = TemporaryDirectory()
        let config = try config(in: dir)
        for (name, options) in [("ro", "ro,size=1m"), ("full", "size=200k")] {
            let mountPoint = dir.file(name)
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            guard shell("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", mountPoint]) == 0 else { continue }
            defer { _ = shell("/bin/umount", [mountPoint]) }
            let result = try GammaKitCLI.run(["reduce", config, "--output", mountPoint + "/out"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains(mountPoint), "\(result.stderr)")
            if name == "ro" {
                #expect(result.stderr.contains("cannot write in") && result.stderr.contains("Read-only file system"), "\(result.stderr)")
            } else {
                #expect(result.stderr.contains("nothing was written") && result.stderr.contains("No space left on device"), "\(result.stderr)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint).isEmpty)
            }
        }
    }

    private func shell(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
