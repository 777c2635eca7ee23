import Foundation
import Testing
import TestSupport
@testable import Analysis

/// What `--output` / `--overwrite` may replace, and how a run's output appears whole or not
/// at all (issue 14, items 1, 2 and 4).
struct OutputDirectoryTests {
    /// A previous GammaKit output: a folder with `datasets.yaml`.
    private func previousOutput(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "datasets: []\n".write(toFile: path + "/datasets.yaml", atomically: true, encoding: .utf8)
        try "old".write(toFile: path + "/stacked.fits", atomically: true, encoding: .utf8)
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    /// A pid that cannot belong to a live process (above Linux's largest pid_max, 2^22).
    private let deadPID = 4_194_305

    @Test func writesANewOutputAndLeavesNothingBeside() throws {
        let dir = TemporaryDirectory()
        let output = try OutputDirectory(dir.file("a/b/out"), overwrite: false)
        try output.write { staging in
            #expect(staging.hasPrefix(dir.file("a/b/out.partial-\(getpid())-")))
            try "x".write(toFile: staging + "/datasets.yaml", atomically: true, encoding: .utf8)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("a/b")) == ["out"])
        #expect(try String(contentsOfFile: dir.file("a/b/out/datasets.yaml"), encoding: .utf8) == "x")
    }

    @Test func existingOutputNeedsOverwrite() throws {
        let dir = TemporaryDirectory()
        try previousOutput(dir.file("out"))
        let text = message { _ = try OutputDirectory(dir.file("out"), overwrite: false) }
        #expect(text.contains(dir.file("out")) && text.contains("exists (pass --overwrite to replace it)"), "\(text)")
        let output = try OutputDirectory(dir.file("out"), overwrite: true)
        try output.write { try "new".write(toFile: $0 + "/datasets.yaml", atomically: true, encoding: .utf8) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("out")) == ["datasets.yaml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test func overwriteNeverReplacesAnInputOrAFolderGammaKitDidNotWrite() throws {
        let dir = TemporaryDirectory()
        // A data store: no datasets.yaml.
        let store = dir.file("store")
        try FileManager.default.createDirectory(atPath: store + "/data", withIntermediateDirectories: true)
        try "index".write(toFile: store + "/hdu-index.fits.gz", atomically: true, encoding: .utf8)
        var text = message { _ = try OutputDirectory(store, overwrite: true) }
        #expect(text.contains(store) && text.contains("not a previous GammaKit output"), "\(text)")
        // Even with a datasets.yaml, a folder holding an input (here the data store) is kept.
        try previousOutput(dir.file("out"))
        try FileManager.default.createDirectory(atPath: dir.file("out/store"), withIntermediateDirectories: true)
        text = message { _ = try OutputDirectory(dir.file("out"), overwrite: true, inputs: [dir.file("out/store")]) }
        #expect(text.contains("holds \(dir.file("out/store")), an input of this run"), "\(text)")
        // The output is the configuration file itself.
        try "observations: {}".write(toFile: dir.file("config.yaml"), atomically: true, encoding: .utf8)
        text = message { _ = try OutputDirectory(dir.file("config.yaml"), overwrite: true, inputs: [dir.file("config.yaml")]) }
        #expect(text.contains("is not a directory"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: store + "/hdu-index.fits.gz"))
        #expect(FileManager.default.fileExists(atPath: dir.file("out/stacked.fits")))
        #expect(FileManager.default.fileExists(atPath: dir.file("config.yaml")))
    }

    @Test func protectedDirectoriesAreRefusedWithAnExample() throws {
        let current = FileManager.default.currentDirectoryPath
        for (given, what) in [("/", "the root directory"), (".", "the current directory"), ("./", "the current directory"),
                              ("..", "contains the current directory"), (current, "the current directory")] {
            let text = message { _ = try OutputDirectory(given, overwrite: true) }
            #expect(text.contains(what) && text.contains("/datasets-out"), "\(given): \(text)")
        }
        if let home = ProcessInfo.processInfo.environment["HOME"], !FilePaths.isInside(current, FilePaths.resolved(home)) {
            #expect(message { _ = try OutputDirectory(home, overwrite: true) }.contains("your home directory"))
        }
        #expect(message { _ = try OutputDirectory("", overwrite: true) }.contains("empty path"))
    }

    @Test func unwritablePlacesAreNamed() throws {
        let dir = TemporaryDirectory()
        try "a file".write(toFile: dir.file("file"), atomically: true, encoding: .utf8)
        var text = message { _ = try OutputDirectory(dir.file("file/out"), overwrite: false) }
        #expect(text.contains(dir.file("file")) && text.contains("is not a directory"), "\(text)")
        text = message { _ = try OutputDirectory("/proc/gammakit-out/x", overwrite: false) }
        #expect(text.contains("/proc/gammakit-out") && text.contains("cannot create the output's folder"), "\(text)")
    }

    @Test func failedWriteLeavesThePreviousOutputAndNoStaging() throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        let dir = TemporaryDirectory()
        try previousOutput(dir.file("out"))
        let output = try OutputDirectory(dir.file("out"), overwrite: true)
        let text = message { try output.write { _ in throw Boom() } }
        #expect(text.contains("writing the output failed, nothing was written: disk on fire"), "\(text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
        #expect(try String(contentsOfFile: dir.file("out/stacked.fits"), encoding: .utf8) == "old")
    }

    @Test func leftoversOfDeadProcessesAreRemovedOrRestored() throws {
        let dir = TemporaryDirectory()
        // Killed while writing: a partial output of a dead process goes.
        try FileManager.default.createDirectory(atPath: dir.file("out.partial-\(deadPID)-7"), withIntermediateDirectories: true)
        // Killed between the two renames of --overwrite: the previous output comes back.
        try previousOutput(dir.file("out.old-\(deadPID)-8"))
        // A live process's staging folder (ours) and unrelated names stay.
        let live = dir.file("out.partial-\(getpid())-9")
        try FileManager.default.createDirectory(atPath: live, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("out.partial-notapid"), withIntermediateDirectories: true)
        let output = try OutputDirectory(dir.file("out"), overwrite: true)
        #expect(output.notes.count == 2)
        #expect(output.notes.contains { $0.contains("restored the previous output") && $0.contains("\(deadPID)") })
        #expect(output.notes.contains { $0.contains("removed \(dir.file("out.partial-\(deadPID)-7"))") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            == ["out", "out.partial-\(getpid())-9", "out.partial-notapid"])
        #expect(try String(contentsOfFile: dir.file("out/stacked.fits"), encoding: .utf8) == "old")
    }

    @Test func staleOldCopyBesideACompleteOutputIsRemoved() throws {
        let dir = TemporaryDirectory()
        try previousOutput(dir.file("out"))
        try previousOutput(dir.file("out.old-\(deadPID)-3"))
        let output = try OutputDirectory(dir.file("out"), overwrite: true)
        #expect(output.notes == ["removed \(dir.file("out.old-\(deadPID)-3")), left by interrupted process \(deadPID)"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test func interruptCleanupRemovesRegisteredStaging() throws {
        let dir = TemporaryDirectory()
        let staging = dir.file("out.partial-1-1")
        try FileManager.default.createDirectory(atPath: staging + "/sub", withIntermediateDirectories: true)
        let kept = InterruptCleanup.register(staging)
        let gone = InterruptCleanup.register(dir.file("never-made"))
        InterruptCleanup.unregister(gone)
        #expect(InterruptCleanup.registered().contains(staging))
        InterruptCleanup.unregister(kept)
        #expect(!InterruptCleanup.registered().contains(staging))
        #expect(FileManager.default.fileExists(atPath: staging))
    }
}
