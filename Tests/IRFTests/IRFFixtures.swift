import FITSIO
import Foundation
import GammaMaps
import Testing
import TestSupport
@testable import IRF

typealias JSON = [String: Any]

/// The Gammapy reference numbers in `Fixtures/*.json`, written by
/// `scripts/reference/irf_reference.py` (each file's "how_made" gives the command).
enum IRFFixtures {
    static func load(_ name: String) -> JSON {
        let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
    }

    static func entries(_ name: String) -> [JSON] { load(name)["entries"] as! [JSON] }

    static func numbers(_ any: Any?) -> [Double] { (any as! [String]).map { Double($0)! } }

    static func array(_ any: Any?) -> ShapedArray {
        let d = any as! JSON
        let shape = d["shape"] as! [Int]
        return ShapedArray(numbers(d["values"]), shape: shape)
    }

    /// The table of a fixture entry, read from `$GAMMAPY_DATA`.
    static func table(_ entry: JSON) throws -> FITSTable {
        try FITSFile(path: GammapyData.file(entry["file"] as! String)).table(entry["hdu"] as! String)
    }
}

/// Relative deviations against Gammapy, collected per IRF type and printed as one line each, so
/// that `swift test --filter IRFTests 2>&1 | grep "max relative deviation"` shows them.
struct Deviation {
    var label: String
    var portable = 0.0
    var native = 0.0
    var count = 0

    init(_ label: String) { self.label = label }

    /// Relative difference, 0 when both are equal (NaN included) and 1 when exactly one is 0.
    static func relative(_ a: Double, _ b: Double) -> Double {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        if a.isNaN || b.isNaN || a.isInfinite || b.isInfinite { return .infinity }
        return Swift.abs(a - b) / max(Swift.abs(a), Swift.abs(b))
    }

    /// Compares `ours` with the portable reference (tolerance `rtol`) and records the deviation
    /// from both references.
    mutating func compare(_ ours: [Double], _ expected: [Double], native: [Double]? = nil, rtol: Double = 1e-6,
                          _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(ours.count == expected.count, "\(label) \(what): \(ours.count) values vs \(expected.count)",
                sourceLocation: sourceLocation)
        var worst = 0.0, worstIndex = -1
        for i in 0..<min(ours.count, expected.count) {
            let d = Self.relative(ours[i], expected[i])
            if d > worst { worst = d; worstIndex = i }
        }
        let detail = worstIndex >= 0 ? "\(ours[worstIndex]) vs \(expected[worstIndex])" : ""
        #expect(worst <= rtol, "\(label) \(what): worst relative deviation \(worst) at [\(worstIndex)]: \(detail)",
                sourceLocation: sourceLocation)
        portable = max(portable, worst)
        if let native {
            for i in 0..<min(ours.count, native.count) { self.native = max(self.native, Self.relative(ours[i], native[i])) }
        }
        count += ours.count
    }

    func report() {
        print("max relative deviation \(label): \(String(format: "%.2e", portable)) vs Gammapy "
                + "(numpy C-library kernels), \(String(format: "%.2e", native)) vs Gammapy (numpy native SIMD kernels), "
                + "\(count) values")
    }
}

extension Test {
    /// Tests that read `$GAMMAPY_DATA`.
    static var needsData: ConditionTrait { .enabled(if: GammapyData.isAvailable, GammapyData.skipReason) }
}

/// Runs every evaluation case of an entry through `evaluate` (coordinates by Gammapy name).
func checkCases(_ cases: [JSON], _ deviation: inout Deviation, rtol: Double = 1e-6, nativeTolerance: Double? = nil,
                sourceLocation: SourceLocation = #_sourceLocation,
                _ evaluate: ([String: ShapedArray]) throws -> ShapedArray) throws {
    for c in cases {
        let coords = (c["coords"] as! JSON).mapValues { IRFFixtures.array($0) }
        let expected = IRFFixtures.array(c["result"])
        let native = IRFFixtures.array(c["result_native"])
        let ours = try evaluate(coords)
        #expect(ours.values.count == expected.values.count, "\(deviation.label) \(c["label"]!): shape \(ours.shape) vs \(expected.shape)",
                sourceLocation: sourceLocation)
        deviation.compare(ours.values, expected.values, native: native.values, rtol: rtol, "\(c["label"]!)",
                          sourceLocation: sourceLocation)
        if let nativeTolerance {
            let worst = zip(ours.values, native.values).map { Deviation.relative($0, $1) }.max() ?? 0
            #expect(worst <= nativeTolerance, "\(deviation.label) \(c["label"]!): \(worst) from Gammapy with numpy's native kernels",
                    sourceLocation: sourceLocation)
        }
    }
}
