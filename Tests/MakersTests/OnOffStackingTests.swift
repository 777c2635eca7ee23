import Datasets
import Foundation
import GammaMaps
@testable import Makers
import Testing
import TestSupport

/// Gammapy 2.1's `MapDatasetOnOff.stack` on sky maps: runs 20326 and 20327 on RingBackgroundTests'
/// small geometry, each through RingBackgroundMaker(0.3°, 0.2°), stacked into
/// `MapDatasetOnOff.create` (Tests/MakersTests/Fixtures/onoff-stack.json, made by
/// scripts/reference/onoff_stack_reference.py): counts and masks identical, OFF counts equal to
/// the integers Gammapy's FFT rounds around, acceptances and α within 1e-6, the summary printed alike.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct OnOffStackingTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "onoff-stack", withExtension: "json", subdirectory: "Fixtures")!
        return try! ExactJSON.parse(contentsOf: url) as! JSON
    }()

    @Test func stackedRingDatasetsAreGammapys() throws {
        let (first, exclusion) = try RingBackgroundTests.smallDataset()
        let (second, _) = try RingBackgroundTests.smallDataset(obsID: 20327)
        let maker = try RingBackgroundMaker(rIn: 0.3, width: 0.2, exclusionMask: exclusion)
        let energyTrue = try first.exposure!.geom.axes.axis(named: "energy_true")
        var stacked = try MapDatasetOnOff<WcsGeom>.create(geom: first.counts!.geom, energyAxisTrue: energyTrue, name: "stacked")
        try stacked.stack(try maker.run(first))
        try stacked.stack(try maker.run(second))

        let arrays = Self.document["arrays"] as! JSON
        func reference(_ name: String) -> [Double] { RingBackgroundTests.values(arrays[name] as! JSON) }
        #expect(stacked.dataset.counts?.data == reference("counts"))
        #expect(stacked.dataset.maskSafe?.data.map { $0 ? 1.0 : 0 } == reference("mask_safe"))
        #expect(stacked.countsOff!.data == reference("counts_off").map { $0.rounded() })
        #expect(RingBackgroundTests.close(stacked.acceptance.data, reference("acceptance"), relative: 1e-6))
        #expect(RingBackgroundTests.close(stacked.acceptanceOff.data, reference("acceptance_off"), relative: 1e-6))
        #expect(RingBackgroundTests.close(stacked.alpha.data, reference("alpha"), relative: 1e-6))
        let exposure = stacked.dataset.exposure!.data.reduce(0, +)
        #expect(abs(exposure - (arrays["exposure_sum"] as! Double)) <= 1e-6 * exposure)
        #expect("\(stacked)" == Self.document["summary"] as! String, "\(stacked)")
    }

    @Test func mismatchedGeometriesAreRefused() throws {
        let (first, exclusion) = try RingBackgroundTests.smallDataset()
        let onOff = try RingBackgroundMaker(rIn: 0.3, width: 0.2, exclusionMask: exclusion).run(first)
        let other = try WcsGeom.create(skydir: first.counts!.geom.centerSkyDir, binsz: LonLat(0.05), npix: LonLat(lon: 10, lat: 10),
                                       axes: first.counts!.geom.axes.axes)
        var stacked = try MapDatasetOnOff<WcsGeom>.create(geom: other, name: "stacked")
        #expect(throws: DatasetError.self) { try stacked.stack(onOff) }
    }
}
