import Foundation
import Testing
import TestSupport

/// A 20-observation reduction killed (SIGKILL), interrupted (SIGINT) and terminated (SIGTERM)
/// at random moments, again and again, into the same output with `--overwrite` (issue 14,
/// item 4): the output is always complete or absent; after SIGINT/SIGTERM nothing is left
/// beside it, and the next run removes what a SIGKILL left.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct ReduceInterruptTests {
    /// 20 PKS 2155-304 runs, one dataset each, with FoV background (models.yaml).
    static let twentyRuns = """
    observations:
        datastore: $GAMMAPY_DATA/hess-dl3-dr1
        obs_ids: [33787, 33788, 33789, 33790, 33791, 33792, 33793, 33794, 33795, 33796,
                  33797, 33798, 33799, 33800, 33801, 47802, 47803, 47804, 47827, 47828]
    datasets:
        type: 3d
        stack: false
        geom:
            wcs:
                skydir: {frame: icrs, lon: 329.72 deg, lat: -30.23 deg}
                binsize: 0.04 deg
                width: {width: 4 deg, height: 4 deg}
            selection: {offset_max: 2.5 deg}
            axes:
                energy: {min: 0.5 TeV, max: 20 TeV, nbins: 6}
                energy_true: {min: 0.3 TeV, max: 30 TeV, nbins: 10}
        background: {method: fov_background, parameters: {method: scale}}
        safe_mask: {methods: [offset-max], parameters: {offset_max: 2 deg}}
    """

    private func start(_ config: String, _ output: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GammaKitCLI.executable)
        process.arguments = ["reduce", config, "--output", output, "--overwrite"]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func killedRunsNeverLeaveAPartialOutput() throws {
        let dir = TemporaryDirectory()
        let config = dir.file("config.yaml")
        try Self.twentyRuns.write(toFile: config, atomically: true, encoding: .utf8)
        let out = dir.file("out")
        let clock = ContinuousClock()
        var complete: [String] = []
        let duration = try clock.measure {
            let process = try start(config, out)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            complete = names(out)
        }
        #expect(complete.count == 23 && complete.contains("datasets.yaml") && complete.contains("models.yaml"), "\(complete)")
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        var log: [String] = []
        for round in 0..<9 {
            let signal: Int32 = [SIGINT, SIGTERM, SIGKILL][round % 3]
            let delay = Double.random(in: 0.02...(seconds * 1.1))
            let process = try start(config, out)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let beside = names(dir.path).filter { $0.hasPrefix("out.") }
            log.append("signal \(signal) after \(String(format: "%.2f", delay)) s: status \(process.terminationStatus), left \(beside)")
            let present = names(out)
            #expect(present.isEmpty || present == complete, "\(log)")
            if signal != SIGKILL { #expect(beside.isEmpty, "\(log)") }
        }
        let last = try start(config, out)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(names(dir.path) == ["config.yaml", "out"], "\(log)")
        #expect(names(out) == complete)
    }
}
