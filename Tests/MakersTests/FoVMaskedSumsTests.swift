import Datasets
import GammaMaps
import Testing
@testable import Makers

/// `FoVBackgroundMaker.maskedSums` against numpy's sums written out: the selected values
/// gathered in order and summed pairwise (float32 counts, the prediction clipped at zero), with
/// and without negative background values (where the prediction's sum is not the background's).
struct FoVMaskedSumsTests {
    static func reference(_ d: MapDataset<WcsGeom>, _ mask: [Bool]) -> (counts: Double, npred: Double, background: Double) {
        let keep = mask.indices.filter { mask[$0] && !d.background!.data[$0].isNaN }
        let c = keep.map { Float(d.counts!.data[$0]) }, b = keep.map { d.background!.data[$0] }
        let n = b.map { $0 < 0 ? 0 : $0 }
        return (Double(c.withUnsafeBufferPointer(NumpyCompat.pairwiseSum)), n.withUnsafeBufferPointer(NumpyCompat.pairwiseSum),
                b.withUnsafeBufferPointer(NumpyCompat.pairwiseSum))
    }

    static func modified(_ d: MapDataset<WcsGeom>, counts: (Int, Double) -> Double = { $1 },
                         background: (Int, Double) -> Double = { $1 }) throws -> MapDataset<WcsGeom> {
        var out = d
        out.counts = try WcsNDMap(geom: d.counts!.geom, data: d.counts!.data.enumerated().map { counts($0, $1) })
        out.background = try WcsNDMap(geom: d.background!.geom, data: d.background!.data.enumerated().map { background($0, $1) })
        return out
    }

    @Test func shortcutsAndFallbacksAgreeWithNumpysSums() throws {
        let geom = try FoVSupport.geom(width: 3.0, binsz: 0.05)
        let base = FoVSupport.dataset(geom: geom)
        // scattered (no eight in a row), in runs (blocks of eight wholly in, out, or mixed) and
        // no mask at all
        let scattered = (0..<geom.dataCount).map { $0 % 7 != 3 }
        let runs = (0..<geom.dataCount).map { ($0 / 37) % 3 != 0 }
        let all = [Bool](repeating: true, count: geom.dataCount)
        let cases = [
            ("whole counts, no negative background", base),
            ("a negative background value", try Self.modified(base, background: { $0 == 1000 ? -0.25 : $1 })),
            ("NaN background values", try Self.modified(base, background: { $0 % 97 == 0 ? .nan : $1 })),
            ("a fractional count", try Self.modified(base, counts: { $0 == 500 ? 0.5 : $1 })),
        ]
        for (name, dataset) in cases {
            for (maskName, mask, given) in [("scattered", scattered, scattered), ("runs", runs, runs), ("none", all, nil)] {
                let sums = try FoVBackgroundMaker.maskedSums(dataset, mask: given)
                let expected = Self.reference(dataset, mask)
                #expect(sums.counts == expected.counts, "\(name), mask \(maskName)")
                #expect(sums.npred == expected.npred, "\(name), mask \(maskName)")
                #expect(sums.background == expected.background, "\(name), mask \(maskName)")
            }
        }
        let mask = scattered
        // the prediction's own sum was taken where it must be: the sums differ where the data do
        let plain = try FoVBackgroundMaker.maskedSums(base, mask: mask)
        let negative = try FoVBackgroundMaker.maskedSums(cases[1].1, mask: mask)
        #expect(negative.npred > negative.background)
        #expect(plain.npred == plain.background)
    }
}
