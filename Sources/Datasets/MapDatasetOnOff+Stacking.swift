import Foundation
import GammaMaps

/// Stacking on/off sky maps as Gammapy's `MapDatasetOnOff.stack` and creating the empty
/// dataset they are stacked into (`MapDatasetOnOff.create`).
extension MapDatasetOnOff<WcsGeom> {
    /// An empty float32 on/off dataset (Gammapy's `MapDatasetOnOff.create`): `MapDataset.create`
    /// with zero OFF counts and acceptances.
    public static func create(geom: WcsGeom, energyAxisTrue: MapAxis? = nil, binszIRF: Double = MapDataset<WcsGeom>.defaultBinszIRF,
                              name: String? = nil) throws -> MapDatasetOnOff<WcsGeom> {
        let dataset = try MapDataset<WcsGeom>.create(geom: geom, energyAxisTrue: energyAxisTrue, binszIRF: binszIRF, name: name)
        let zeros = WcsNDMap<Double>.fromGeom(geom)
        return MapDatasetOnOff(dataset: dataset, countsOff: zeros, acceptance: zeros, acceptanceOff: zeros, offMapsStorage: .float32)
    }

    /// Stacks `other` (the same geometry or a cutout of it) into this dataset, as Gammapy does:
    /// acceptance and OFF counts summed (`other`'s inside its safe mask, this one's whole), α ·
    /// OFF likewise, the new acceptance_off = acceptance · OFF / (α · OFF) — where the stacked OFF
    /// counts are zero, acceptance / ⟨α⟩ with ⟨α⟩ = Σ α · OFF / Σ OFF — then the ON dataset
    /// stacked. The sums are float32, as Gammapy's `Map.from_geom`; non-finite values count as 0
    /// with `nanToNum`.
    /// - Throws: `DatasetError` for a dataset without counts or maps that do not line up.
    public mutating func stack(_ other: MapDatasetOnOff<WcsGeom>, nanToNum: Bool = true) throws {
        guard let geom = dataset.counts?.geom else {
            throw DatasetError(.missing, subject: "stacking '\(other.name)' into '\(name)'", message: "the dataset has no counts")
        }
        var totalOff = WcsNDMap<Double>.fromGeom(geom), totalAlpha = totalOff, totalAcceptance = totalOff
        func product(_ alpha: WcsNDMap<Double>, _ off: WcsNDMap<Double>) -> WcsNDMap<Double> {
            var result = off
            result.data = zip(alpha.data, off.data).map { $0 * $1 }
            return result
        }
        do {
            try totalAcceptance.stack(acceptance, weights: nil, float32: true, nanToNum: nanToNum)
            try totalAcceptance.stack(other.acceptance, weights: other.dataset.maskSafe, float32: true, nanToNum: nanToNum)
            if let off = countsOff {
                try totalOff.stack(off, weights: nil, float32: true, nanToNum: nanToNum)
                try totalAlpha.stack(product(alpha, off), weights: nil, float32: true, nanToNum: nanToNum)
            }
            if let off = other.countsOff {
                try totalOff.stack(off, weights: other.dataset.maskSafe, float32: true, nanToNum: nanToNum)
                try totalAlpha.stack(product(other.alpha, off), weights: other.dataset.maskSafe, float32: true, nanToNum: nanToNum)
            }
        } catch let error as MapError {
            throw DatasetError(.incompatible, subject: "stacking '\(other.name)' into '\(name)'", message: error.description)
        }
        // numpy: float32 sums, their float32 ratio
        let averageAlpha = NumpyCompat.sum(totalAlpha.data.map { Float($0) }) / NumpyCompat.sum(totalOff.data.map { Float($0) })
        var newAcceptanceOff = totalOff
        newAcceptanceOff.data = zip(totalAcceptance.data, zip(totalOff.data, totalAlpha.data)).map { accepted, pair in
            let (off, alphaOff) = (Float(pair.0), Float(pair.1))
            return Double(off == 0 ? Float(accepted) / averageAlpha : Float(accepted) * off / alphaOff)
        }
        acceptance.data = totalAcceptance.data
        acceptanceOff = newAcceptanceOff
        countsOff = totalOff
        offMapsStorage = .float32
        try dataset.stack(other.dataset, nanToNum: nanToNum)
    }
}
