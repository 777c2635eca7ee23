import FITSIO
import GammaMaps
import Foundation
import Testing
import TestSupport
@testable import IRF

/// Time to read every IRF of the 105 H.E.S.S. DR1 observations, one thread. Opt-in (it is only
/// meaningful in a release build):
///
///     GAMMAKIT_BENCH=1 GAMMAPY_DATA=... swift test -c release -Xswiftc -enable-testing --filter IRFLoadBenchmark
@Suite struct IRFLoadBenchmark {
    @Test(.enabled(if: GammapyData.isAvailable && ProcessInfo.processInfo.environment["GAMMAKIT_BENCH"] != nil))
    func hessDR1() throws {
        let rows = try IRFLoadingTests.indexRows("hess-dl3-dr1")
        let paths = Array(Set(rows.map(\.path))).sorted()
        let clock = ContinuousClock()
        var files: [String: FITSFile] = [:]
        let open = try clock.measure {
            for p in paths { files[p] = try FITSFile(path: p) }
        }
        var best = Duration.seconds(1000)
        for _ in 0..<5 {
            let parse = try clock.measure {
                for row in rows { _ = try AnyIRF(file: files[row.path]!, hdu: row.hdu, hduClass: row.hduClass) }
            }
            best = min(best, parse)
        }
        for kind in ["aeff_2d", "edisp_2d", "psf_table", "bkg_3d"] {
            let subset = rows.filter { $0.hduClass == kind }
            let t = try clock.measure { for row in subset { _ = try AnyIRF(file: files[row.path]!, hdu: row.hdu, hduClass: row.hduClass) } }
            let raw = try clock.measure {
                for row in subset {
                    let table = try files[row.path]!.table(row.hdu)
                    _ = try table.column(table.columns.last!.name, as: Float.self)
                }
            }
            print("  \(kind): \(t) (of which cfitsio reading the data column as Float \(raw))")
        }
        let total = try clock.measure {
            for p in paths {
                let file = try FITSFile(path: p)
                for row in rows where row.path == p { _ = try AnyIRF(file: file, hdu: row.hdu, hduClass: row.hduClass) }
            }
        }
        print("IRF load benchmark: \(rows.count) IRFs of \(paths.count) files; open+inflate \(open), "
                + "IRF parsing (best of 5) \(best), open+parse \(total)")
    }
}

/// Evaluation throughput on map-sized batches (opt-in like `IRFLoadBenchmark`).
@Suite struct IRFEvaluationBenchmark {
    @Test(.enabled(if: GammapyData.isAvailable && ProcessInfo.processInfo.environment["GAMMAKIT_BENCH"] != nil))
    func mapSizedBatches() throws {
        let file = try FITSFile(path: GammapyData.file("hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz"))
        let aeff = try EffectiveAreaTable2D(table: file.table("AEFF"))
        let bkg = try Background3D(table: file.table("BKG")).interpolatingMissingData()
        let clock = ContinuousClock()
        let pixels = 250_000
        let offsets = ShapedArray((0..<pixels).map { Double($0 % 500) * 0.005 }, shape: [1, pixels])
        let energies = ShapedArray((0..<40).map { 0.1 * Foundation.pow(1.2, Double($0)) }, shape: [40, 1])
        var out = ShapedArray(scalar: 0)
        let t1 = try clock.measure { out = try aeff.evaluate(energyTrue: energies, offset: offsets) }
        print("aeff: \(out.count) points in \(t1)")
        let lon = ShapedArray((0..<pixels).map { Double($0 % 500) * 0.01 - 2.5 }, shape: [pixels])
        let lat = ShapedArray((0..<pixels).map { Double($0 / 500) * 0.01 - 2.5 }, shape: [pixels])
        let edges = (0...20).map { 0.1 * Foundation.pow(10, Double($0) * 0.15) }
        let t2 = try clock.measure { out = try bkg.integrate(energyEdges: edges, fovLon: lon, fovLat: lat) }
        print("bkg_3d integrate: \(21 * pixels) evaluations + \(out.count) integrals in \(t2)")
    }
}
