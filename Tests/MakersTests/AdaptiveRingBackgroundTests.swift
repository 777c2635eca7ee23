import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Testing
import TestSupport

/// Gammapy 2.1's `AdaptiveRingBackgroundMaker` on RingBackgroundTests' small dataset (run 20326,
/// 50 × 50 pixels of 0.04°, exclusion circle 0.3°), r_in 0.3°, r_out_max 0.8°, width 0.2°, step
/// 0.05°: the kernels and results of ring-background.json ("adaptive_small", threshold 0.1, where
/// the first ring always wins, and "errors"), and adaptive-ring.json
/// (scripts/reference/adaptive_ring_reference.py: thresholds at which every ring size is chosen
/// somewhere and some pixels find none). Gammapy's OFF sums carry FFT round-off; ours are exact.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct AdaptiveRingBackgroundTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let cases: [JSON] = {
        let url = Bundle.module.url(forResource: "adaptive-ring", withExtension: "json", subdirectory: "Fixtures")!
        return (try! ExactJSON.parse(contentsOf: url) as! JSON)["cases"] as! [JSON]
    }()

    static func maker(_ method: AdaptiveRingBackgroundMaker.Method, threshold: Double = 0.1, exclusion: WcsNDMap<Bool>?) throws -> AdaptiveRingBackgroundMaker {
        try AdaptiveRingBackgroundMaker(rIn: 0.3, rOutMax: 0.8, width: 0.2, stepsize: 0.05, thresholdAlpha: threshold,
                                        theta: 0.22, method: method, exclusionMask: exclusion)
    }

    /// OFF counts: NaN where Gammapy's are, else the integers Gammapy's FFT rounds around.
    static func sameCounts(_ ours: [Double], _ reference: [Double]) -> Bool {
        ours.count == reference.count && zip(ours, reference).allSatisfy { $1.isNaN ? $0.isNaN : $0 == $1.rounded() }
    }

    @Test func kernelsAreGammapys() throws {
        let (dataset, exclusion) = try RingBackgroundTests.smallDataset()
        for method in AdaptiveRingBackgroundMaker.Method.allCases {
            let spec = (RingBackgroundTests.document["adaptive_small"] as! JSON)[method.rawValue] as! JSON
            let kernels = try Self.maker(method, exclusion: exclusion).kernels(geom: dataset.counts!.geom)
            let expected = spec["kernels"] as! [JSON]
            #expect(kernels.map { [Double($0.height), Double($0.width)] } == expected.map { $0["shape"] as! [Double] }, "\(method)")
            #expect(kernels.map(\.sum) == expected.map { $0["n_ones"] as! Double }, "\(method)")
        }
    }

    @Test func firstRingWinsAtThresholdPointOne() throws {
        let (dataset, exclusion) = try RingBackgroundTests.smallDataset()
        let arrays = ((RingBackgroundTests.document["adaptive_small"] as! JSON)["fixed_width"] as! JSON)["arrays"] as! JSON
        func reference(_ name: String) -> [Double] { RingBackgroundTests.values(arrays[name] as! JSON) }
        for method in AdaptiveRingBackgroundMaker.Method.allCases {  // Gammapy: both methods give identical arrays
            let onOff = try Self.maker(method, exclusion: exclusion).run(dataset)
            #expect(Self.sameCounts(onOff.countsOff!.data, reference("counts_off")), "\(method)")
            #expect(RingBackgroundTests.close(onOff.acceptance.data, reference("acceptance"), relative: 1e-6), "\(method)")
            #expect(RingBackgroundTests.close(onOff.acceptanceOff.data, reference("acceptance_off"), relative: 1e-6), "\(method)")
            #expect(onOff.dataset.maskSafe?.data == dataset.maskSafe?.data && onOff.dataset.counts?.data == dataset.counts?.data)
            #expect(onOff.dataset.background == nil && onOff.name == "ring-small")
        }
    }

    @Test(arguments: 0..<3) func ringSizesVaryAsGammapys(_ index: Int) throws {
        let spec = Self.cases[index]
        let method = AdaptiveRingBackgroundMaker.Method(rawValue: spec["method"] as! String)!
        let (dataset, exclusion) = try RingBackgroundTests.smallDataset()
        let onOff = try Self.maker(method, threshold: spec["threshold_alpha"] as! Double, exclusion: exclusion).run(dataset)
        let arrays = spec["arrays"] as! JSON
        func reference(_ name: String) -> [Double] { RingBackgroundTests.values(arrays[name] as! JSON) }
        let label = "\(method) \(spec["threshold_alpha"]!)"
        #expect(onOff.countsOff!.data.filter(\.isNaN).count == Int(spec["n_pixels_no_kernel"] as! Double), "\(label)")
        #expect(Self.sameCounts(onOff.countsOff!.data, reference("counts_off")), "\(label)")
        #expect(RingBackgroundTests.close(onOff.acceptance.data, reference("acceptance"), relative: 1e-6), "\(label)")
        #expect(RingBackgroundTests.close(onOff.acceptanceOff.data, reference("acceptance_off"), relative: 1e-6), "\(label)")
        #expect(RingBackgroundTests.close(onOff.alpha.data, reference("alpha"), relative: 1e-6), "\(label): NaN rings give α 0")
        #expect(onOff.dataset.maskSafe?.data.map { $0 ? 1.0 : 0 } == reference("mask_safe"), "\(label)")
    }

    @Test func badRingsGetGammapysOrClearAnswers() throws {
        let (dataset, _) = try RingBackgroundTests.smallDataset()
        // everything excluded: Gammapy returns NaN OFF maps, α 0, the safe mask untouched
        let none = WcsNDMap<Bool>.fromGeom(dataset.counts!.geom.toImage(), fill: false)
        let excluded = try Self.maker(.fixedWidth, exclusion: none).run(dataset)
        #expect(excluded.countsOff!.data.allSatisfy(\.isNaN) && excluded.acceptanceOff.data.allSatisfy(\.isNaN))
        #expect(excluded.alpha.data.allSatisfy { $0 == 0 })
        #expect(excluded.dataset.maskSafe!.data.filter { $0 }.count == 2500)
        // no ring between r_in and r_out_max: Gammapy raises numpy's "need at least one array to concatenate"
        let tooNarrow = try AdaptiveRingBackgroundMaker(rIn: 0.3, rOutMax: 0.4, width: 0.2)
        #expect(throws: MapMakingError.self) { try tooNarrow.run(dataset) }
        do { _ = try tooNarrow.run(dataset) } catch { #expect("\(error)".contains("no ring fits between r_in 0.3 deg and r_out_max 0.4 deg")) }
        #expect(throws: MapMakingError.self) { try AdaptiveRingBackgroundMaker(rIn: 0.3, rOutMax: 0.8, width: 0) }
        #expect(throws: MapMakingError.self) { try AdaptiveRingBackgroundMaker(rIn: 0.3, rOutMax: 0.8, width: 0.2, thresholdAlpha: -1) }
    }
}
