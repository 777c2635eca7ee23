import Datasets
import Foundation
import Testing
import TestSupport

/// Datasets written by Gammapy 2.1 for the tutorial, re-written by GammaKit for
/// `/work/shared/reference/compare.py` (opt-in: `GAMMAKIT_DATASET_REWRITE=REF_DIR:OUT_DIR`).
@Suite struct GammapyFilesTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GAMMAKIT_DATASET_REWRITE"] != nil))
    func rewriteGammapyDirectory() throws {
        let spec = ProcessInfo.processInfo.environment["GAMMAKIT_DATASET_REWRITE"]!.split(separator: ":").map(String.init)
        let datasets = try Datasets.read(from: spec[0] + "/datasets.yaml")
        try datasets.write(directory: spec[1], overwrite: true)
        for d in datasets { print(d) }
    }
}
