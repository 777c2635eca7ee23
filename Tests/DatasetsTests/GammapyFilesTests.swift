import Datasets
import Foundation
import Testing
import TestSupport

/// Gammapy-written dataset directories re-written by GammaKit for
/// `/work/shared/reference/compare.py` (opt-in: `GAMMAKIT_DATASET_REWRITE=REF_DIR:OUT_DIR`, e.g.
/// `/tmp/ref/seed-3d-single:/tmp/x`, then `compare.py /tmp/ref/seed-3d-single /tmp/x`).
@Suite struct GammapyFilesTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GAMMAKIT_DATASET_REWRITE"] != nil))
    func rewriteGammapyDirectory() throws {
        let spec = ProcessInfo.processInfo.environment["GAMMAKIT_DATASET_REWRITE"]!.split(separator: ":").map(String.init)
        try #require(spec.count == 2, "GAMMAKIT_DATASET_REWRITE must be REF_DIR:OUT_DIR")
        let datasets = try Datasets.read(from: spec[0] + "/datasets.yaml")
        try datasets.write(directory: spec[1], overwrite: true)
        for dataset in datasets { print(dataset) }
    }
}
