import Datasets
import GammaMaps

extension ObservationReport {
    /// The counts of `dataset` inside its safe mask (all of them without one), as numpy's
    /// `counts.data[mask_safe].sum()` gives them: what an observation adds to a stack.
    ///
    /// Counts are whole numbers, whose float64 sums are exact in any order while the magnitudes
    /// sum to less than 2^53, so they are summed in one pass over the maps instead of gathered
    /// first (a gather built two arrays of the map's size per observation: ~11 MB of fresh
    /// pages). A map holding anything else is gathered and summed pairwise, as numpy does.
    package static func safeCounts(_ dataset: MapDataset<WcsGeom>) -> Double {
        guard let counts = dataset.counts?.data else { return 0 }
        let mask = dataset.maskSafe?.data
        if let mask, mask.count != counts.count { return 0 }
        var sum = 0.0, magnitude = 0.0, whole = true
        counts.withUnsafeBufferPointer { c in
            (mask ?? []).withUnsafeBufferPointer { m in
                let masked = !m.isEmpty
                for i in c.indices {
                    let v = c[i]
                    let x = (!masked || m[i]) ? v : 0
                    if v != v.rounded(.towardZero) { whole = false }  // NaN too; ±∞ fails the magnitude test
                    sum += x
                    magnitude += abs(x)
                }
            }
        }
        // every partial sum is exact while the sum of magnitudes stays below 2^53
        if whole && magnitude < 0x1p53 { return sum }
        return NumpyCompat.sum(counts.indices.filter { mask?[$0] ?? true }.map { counts[$0] })
    }
}
