import Datasets
import GammaMaps
import Testing
@testable import Makers

/// `ObservationReport.safeCounts`: the counts inside the safe mask, summed in one pass for whole
/// numbers and pairwise (numpy's order) otherwise.
struct ObservationReportSafeCountsTests {
    func dataset(_ counts: [Double], mask: [Bool]?) throws -> MapDataset<WcsGeom> {
        let geom = try WcsGeom.create(skydir: .init(ra: 0, dec: 0), width: LonLat(0.4), binsz: LonLat(0.1), frame: .icrs, proj: "CAR")
        precondition(geom.spatialPixelCount == counts.count)
        return MapDataset<WcsGeom>(name: "d", counts: try WcsNDMap(geom: geom, data: counts),
                                   maskSafe: try mask.map { try WcsNDMap(geom: geom, data: $0) })
    }

    @Test func wholeCountsInsideTheMask() throws {
        let counts = (0..<16).map(Double.init)
        let mask = (0..<16).map { $0 % 3 != 0 }
        #expect(ObservationReport.safeCounts(try dataset(counts, mask: mask)) == 120 - (0 + 3 + 6 + 9 + 12 + 15))
        #expect(ObservationReport.safeCounts(try dataset(counts, mask: nil)) == 120)
    }

    @Test func fractionalValuesAreSummedPairwiseAsNumpy() throws {
        let counts = (0..<16).map { 0.1 * Double($0 + 1) }
        let mask = (0..<16).map { $0 != 4 }
        let expected = NumpyCompat.sum(counts.indices.filter { mask[$0] }.map { counts[$0] })
        #expect(ObservationReport.safeCounts(try dataset(counts, mask: mask)) == expected)
        #expect(abs(expected - 13.1) < 1e-12)
        var withNaN = counts
        withNaN[2] = .nan
        #expect(ObservationReport.safeCounts(try dataset(withNaN, mask: mask)).isNaN)
    }
}
