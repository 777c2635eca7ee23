import DL3
import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// The ring background and the significance maps of Gammapy 2.1 on one H.E.S.S. run near
/// RX J1713.7-3946, 50 × 50 pixels of 0.04°, one energy bin (Tests/MakersTests/Fixtures/
/// ring-background.json, scripts/reference/ring_reference.py): the ring kernels, counts_off,
/// acceptance(s), α and the safe mask of RingBackgroundMaker, and ExcessMapEstimator's
/// correlated counts, excess and √TS at 0.1°. Gammapy convolves by FFT: its OFF counts are
/// integers only to 7.6e-6, ours are the exact sums.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct RingBackgroundTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "ring-background", withExtension: "json", subdirectory: "Fixtures")!
        return try! ExactJSON.parse(contentsOf: url) as! JSON
    }()

    /// A fixture array: `flat` values (null → NaN), or a mask as `all` / `default` + `except`.
    static func values(_ array: JSON) -> [Double] {
        if let flat = array["flat"] as? [Any] {
            return flat.map { ($0 as? Double) ?? .nan }
        }
        let spec = array["values"] as! JSON
        if let all = spec["all"] as? Double { return [Double](repeating: all, count: Int(spec["size"] as! Double)) }
        var out = [Double](repeating: spec["default"] as! Double, count: Int(spec["size"] as! Double))
        for case let pair as [Double] in spec["except"] as! [Any] { out[Int(pair[0])] = pair[1] }
        return out
    }

    static func close(_ a: [Double], _ b: [Double], relative: Double, absolute: Double = 0) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= max(relative * abs($1), absolute) }
    }

    @Test func ringKernelsAreAstropys() throws {
        for (key, rIn, width, binsz) in [("r0p5_w0p3_binsz0p02", 0.5, 0.3, 0.02), ("r0p5_w0p3_binsz0p05", 0.5, 0.3, 0.05),
                                         ("r0p3_w0p2_binsz0p04", 0.3, 0.2, 0.04)] {
            let spec = (Self.document["ring_kernel"] as! JSON)[key] as! JSON
            let geom = try WcsGeom.create(skydir: SkyCoord(lon: 0, lat: 0), binsz: LonLat(binsz), npix: LonLat(lon: 10, lat: 10))
            let kernel = try RingBackgroundMaker.ringKernel(rIn: rIn, width: width, geom: geom)
            #expect([Double(kernel.height), Double(kernel.width)] == spec["shape"] as? [Double], "\(key)")
            #expect(kernel.sum == spec["n_ones"] as? Double, "\(key)")
            if let array = spec["array"] as? JSON { #expect(kernel.values == Self.values(array), "\(key)") }
        }
    }

    /// The fixture's run 20326 dataset (or another run's on the same geometry): counts,
    /// background and exposure, safe mask offset-max 2.5°.
    static func smallDataset(obsID: Int = 20326) throws -> (MapDataset<WcsGeom>, WcsNDMap<Bool>) {
        let spec = Self.document["small_dataset"] as! JSON
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(obsID)
        let geom = try WcsGeom.create(skydir: SkyCoord(lon: 258.1, lat: -39.8), binsz: LonLat(0.04), npix: LonLat(lon: 50, lat: 50),
                                      axes: [try MapAxis.fromEnergyEdges(spec["energy_edges_tev"] as! [Double])])
        let empty = try MapDataset.create(geom: geom, energyAxisTrue: try MapAxis.fromEnergyEdges(spec["energy_true_edges_tev"] as! [Double],
                                                                                              name: "energy_true"), name: "ring-small")
        var dataset = try MapDatasetMaker(selection: [.counts, .background, .exposure]).run(empty, observation: observation)
        dataset = try SafeMaskMaker(methods: [.offsetMax], offsetMax: 2.5).run(dataset, observation: observation)
        let exclusion = geom.toImage().regionMask([SkyRegion(.circle(center: SkyCoord(lon: 258.1, lat: -39.8), radius: 0.3))], inside: false)
        let expected = Self.values((spec["exclusion"] as! JSON)["array"] as! JSON)
        #expect(exclusion.data.map { $0 ? 1.0 : 0 } == expected, "the exclusion mask")
        return (dataset, exclusion)
    }

    @Test func ringBackgroundIsGammapys() throws {
        let (dataset, exclusion) = try Self.smallDataset()
        let onOff = try RingBackgroundMaker(rIn: 0.3, width: 0.2, exclusionMask: exclusion).run(dataset)
        let arrays = (Self.document["ring_small"] as! JSON)["arrays"] as! JSON
        func reference(_ name: String) -> [Double] { Self.values(arrays[name] as! JSON) }
        #expect(onOff.dataset.counts?.data == reference("counts"))
        #expect(onOff.countsOff?.data == reference("counts_off").map { $0.rounded() }, "the exact sums of Gammapy's FFT")
        #expect(Self.close(onOff.acceptance.data, reference("acceptance"), relative: 1e-6))
        #expect(Self.close(onOff.acceptanceOff.data, reference("acceptance_off"), relative: 1e-6))
        #expect(Self.close(onOff.alpha.data, reference("alpha"), relative: 1e-6))
        #expect(onOff.dataset.maskSafe?.data.map { $0 ? 1.0 : 0 } == reference("mask_safe"))
        #expect(onOff.dataset.background == nil && onOff.name == "ring-small")
        // Stacked into a MapDataset (Gammapy's DatasetsMaker callback): background α × counts_off.
        let converted = onOff.toMapDataset()
        #expect(converted.background?.data == zip(onOff.alpha.data, onOff.countsOff!.data).map { $0 * $1 })
    }

    @Test func significanceMapsAreGammapys() throws {
        let (dataset, exclusion) = try Self.smallDataset()
        var onOff = try RingBackgroundMaker(rIn: 0.3, width: 0.2, exclusionMask: exclusion).run(dataset)
        onOff.dataset.exposure = nil  // as the fixture's estimator ran (no flux maps)
        let maps = try ExcessMapEstimator(correlationRadius: 0.1).run(onOff)
        let section = Self.document["excess_small"] as! JSON
        let arrays = section["arrays"] as! JSON
        func reference(_ name: String) -> [Double] { Self.values(arrays[name] as! JSON) }
        #expect(Self.close(maps.npred.data, reference("counts"), relative: 0))
        #expect(Self.close(maps.npredBackground.data, reference("npred_background"), relative: 1e-6))
        // Gammapy's excess is float32 (n_on − α n_off in float32): within its rounding
        #expect(Self.close(maps.npredExcess.data, reference("npred_excess"), relative: 1e-6, absolute: 4e-6))
        #expect(Self.close(maps.sqrtTS.data, reference("sqrt_ts"), relative: 0, absolute: 1e-6), "√TS within 1e-6")
        #expect(abs((maps.sqrtTS.data.filter { !$0.isNaN }.max() ?? 0) - (section["max_sqrt_ts"] as! Double)) < 1e-6)
    }

    @Test func badRingsGetGammapysOrClearAnswers() throws {
        let (dataset, exclusion) = try Self.smallDataset()
        // Everything excluded: no OFF acceptance anywhere, nothing is safe (Gammapy's behaviour).
        let nothing = WcsNDMap<Bool>.fromGeom(exclusion.geom, fill: false)
        let excluded = try RingBackgroundMaker(rIn: 0.3, width: 0.2, exclusionMask: nothing).run(dataset)
        #expect(excluded.dataset.maskSafe?.data.contains(true) == false)
        #expect(excluded.countsOff?.data.allSatisfy { $0 == 0 } == true && excluded.alpha.data.allSatisfy { $0 == .greatestFiniteMagnitude })
        // A ring wider than the map sees nothing: exactly 0, so nothing is safe (Gammapy's FFT
        // noise leaves 1168 pixels "safe" with counts_off of ±1e-5 there).
        let wide = try RingBackgroundMaker(rIn: 3, width: 1, exclusionMask: exclusion).run(dataset)
        #expect(wide.dataset.maskSafe?.data.contains(true) == false && wide.acceptanceOff.data.allSatisfy { $0 == 0 })
        #expect(throws: MapMakingError.self) { try RingBackgroundMaker(rIn: -1, width: 0.2) }
        #expect(throws: MapMakingError.self) { try RingBackgroundMaker(rIn: 0.3, width: 0) }
    }
}
