import Foundation
import FITSIO
import Testing
import TestSupport

/// `gammakit theta2` on the RX J1713 ring scenario's 15 runs around its map centre (258.1, −39.8):
/// Gammapy 2.1's make_theta_squared_table gives 13466 ON and 11170 OFF counts in 0–0.2 deg²
/// (Tests/MakersTests/Fixtures/ring-background.json, "theta2"; the per-bin values are checked in
/// ThetaSquaredTableTests) and refuses 0–0.5 deg² because run 20327 points 0.48° away.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason), .serialized)
struct Theta2CommandTests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scenarios/hess-rxj1713-ring/config.yaml").standardized.path

    @Test func tableAndPictureAreWritten() throws {
        let dir = TemporaryDirectory()
        let result = try GammaKitCLI.run(["theta2", Self.scenario, "-o", dir.file("t2")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("total: 13466 counts, 11170 OFF counts, excess 2296.0"), "\(result.stdout)")
        #expect(result.stdout.contains("     0.000       0.008     591         495  1.000    96.0     2.92         32.9         33.0\n"), "\(result.stdout)")
        let table = try FITSFile(path: dir.file("t2/theta2.fits")).table("THETA2")
        #expect(try table.column("counts", as: Int64.self).reduce(0, +) == 13466)
        #expect(try table.column("counts_off", as: Double.self).reduce(0, +) == 11170)
        #expect(table.columnInfo("theta2_max")?.unit == "deg2")
        let png = try Data(contentsOf: URL(fileURLWithPath: dir.file("t2/theta2.png")))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)

        let again = try GammaKitCLI.run(["theta2", Self.scenario, "-o", dir.file("t2")])
        #expect(again.status != 0 && again.stderr.contains("theta2.fits exists; pass --overwrite"), "\(again.stderr)")
    }

    @Test func onRadiusBeyondAPointingIsRefused() throws {
        let dir = TemporaryDirectory()
        let result = try GammaKitCLI.run(["theta2", Self.scenario, "-o", dir.file("t2"), "--theta2-max", "0.5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("observation 20327: the ON region radius 0.707"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("t2")))
        let energy = try GammaKitCLI.run(["theta2", Self.scenario, "-o", dir.file("t2"), "--energy-min", "1"])
        #expect(energy.status != 0 && energy.stderr.contains("give both --energy-min and --energy-max"), "\(energy.stderr)")
    }
}
