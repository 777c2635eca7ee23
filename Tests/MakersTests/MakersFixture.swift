import Datasets
import Foundation
import GammaMaps
import IRF
import Sky
import Testing

/// Gammapy 2.1's maps for the makers' test cases, from `Fixtures/mapmaker.json`, written by
/// `scripts/reference/mapmaker_reference.py`: per case and map the shape, sum, min, max and the
/// values at a few hundred fixed bins (flat numpy C-order index, value).
enum MakersFixture {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "mapmaker", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
    }()

    static func testCase(_ name: String) -> JSON {
        (document["cases"] as! [JSON]).first { $0["name"] as? String == name }!
    }

    static func map(_ caseName: String, _ mapName: String) -> ReferenceMap {
        ReferenceMap(testCase(caseName)["maps"].flatMap { ($0 as! JSON)[mapName] as? JSON }!)
    }

    static func doubles(_ any: Any?) -> [Double] { (any as! [Any]).map(number) }

    /// A JSON number, or one of the strings "inf", "-inf", "nan" the script writes for non-finite values.
    static func number(_ any: Any) -> Double {
        if let n = any as? NSNumber { return n.doubleValue }
        switch any as! String {
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return .nan
        }
    }
}

/// One of Gammapy's maps as the fixture describes it.
struct ReferenceMap {
    let shape: [Int]
    let unit: String
    let sum: Double
    let min: Double
    let max: Double
    let minPositive: Double
    let samples: [(index: Int, value: Double)]

    init(_ json: MakersFixture.JSON) {
        shape = (json["shape"] as! [NSNumber]).map(\.intValue)
        unit = json["unit"] as! String
        sum = MakersFixture.number(json["sum"]!)
        min = MakersFixture.number(json["min"]!)
        max = MakersFixture.number(json["max"]!)
        minPositive = MakersFixture.number(json["min_positive"]!)
        samples = (json["samples"] as! [[Any]]).map { (($0[0] as! NSNumber).intValue, MakersFixture.number($0[1])) }
    }
}

/// Largest deviations of a map from Gammapy's, for the test and the report.
struct MapComparison: CustomStringConvertible {
    let name: String
    var maxRelative = 0.0
    var sumRelative = 0.0
    var failures: [String] = []
    var samples = 0

    static let rtol = 1e-4
    static let atolFraction = 1e-6

    /// Compares shape, sum, min, max and the sampled bins: |ours − ref| ≤ 1e-6·max|ref| + 1e-4·|ref|
    /// (exactly equal for `exact` maps such as counts). The relative deviation is reported where
    /// |ref| exceeds the absolute tolerance.
    init(_ name: String, ours: WcsNDMap<Double>, reference: ReferenceMap, exact: Bool = false, rtol: Double = Self.rtol) {
        self.name = name
        guard ours.dataShape == reference.shape else {
            failures.append("shape \(ours.dataShape) != \(reference.shape)")
            return
        }
        let scale = Swift.max(Swift.abs(reference.max), Swift.abs(reference.min) < Double.greatestFiniteMagnitude
                              ? Swift.abs(reference.min) : 0)
        let atol = exact ? 0 : Self.atolFraction * scale
        let rtol = exact ? 0 : rtol
        func check(_ what: String, _ value: Double, _ expected: Double) {
            if value == expected || (value.isNaN && expected.isNaN) { return }
            let deviation = Swift.abs(value - expected)
            if Swift.abs(expected) > atol && expected.isFinite { maxRelative = Swift.max(maxRelative, deviation / Swift.abs(expected)) }
            if !(deviation <= atol + rtol * Swift.abs(expected)) {
                failures.append("\(what): \(value) vs Gammapy \(expected)")
            }
        }
        for (index, expected) in reference.samples {
            check("bin \(index) \(Self.multiIndex(index, shape: reference.shape))", ours.data[index], expected)
        }
        samples = reference.samples.count
        let sum = ours.data.reduce(0, +)
        if sum != reference.sum { sumRelative = Swift.abs(sum - reference.sum) / Swift.max(Swift.abs(reference.sum), .leastNormalMagnitude) }
        if !(sum == reference.sum || Swift.abs(sum - reference.sum) <= rtol * Swift.abs(reference.sum) + atol) {
            failures.append("sum \(sum) vs Gammapy \(reference.sum)")
        }
        check("min", ours.data.min()!, reference.min)
        check("max", ours.data.max()!, reference.max)
        let positive = ours.data.filter { $0 > 0 }.min() ?? 0
        check("min positive", positive, reference.minPositive)
    }

    static func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            index[d] = rest % shape[d]
            rest /= shape[d]
        }
        return index
    }

    var description: String {
        let status = failures.isEmpty ? "OK  " : "DIFF"
        return "\(status) \(name.padding(toLength: 42, withPad: " ", startingAt: 0)) max rel dev "
            + String(format: "%.2e", maxRelative) + " over \(samples) bins + min/max; sum rel dev " + String(format: "%.2e", sumRelative)
    }

    /// Records the failures as test issues and, with GAMMAKIT_MAKERS_REPORT set, prints the line.
    func expectAgreement(sourceLocation: SourceLocation = #_sourceLocation) {
        if ProcessInfo.processInfo.environment["GAMMAKIT_MAKERS_REPORT"] != nil { print(description) }
        #expect(failures.isEmpty, "\(name) differs from Gammapy: \(failures.prefix(8).joined(separator: "; "))",
                sourceLocation: sourceLocation)
    }
}
