import Datasets
import GammaMaps

/// What the ring makers share: the usable sky (the exclusion mask reprojected, or everything)
/// and the on/off dataset they make of their sums (Gammapy's `MapDatasetOnOff.from_map_dataset`:
/// the dataset's counts, exposure, IRFs, masks and GTI without its background, and the safe mask
/// cleared where the ring sees no acceptance, acceptance_off ≤ 0 — NaN stays in it).
enum RingOnOff {
    /// The exclusion mask on `geom` (true: usable), all true without one.
    static func usable(_ exclusionMask: WcsNDMap<Bool>?, on geom: WcsGeom) throws -> WcsNDMap<Bool> {
        guard let exclusionMask else { return .fromGeom(geom, fill: true) }
        return try ExclusionMask.reproject(exclusionMask, to: geom)
    }

    static func dataset(_ dataset: MapDataset<WcsGeom>, countsOff: WcsNDMap<Double>, acceptance: WcsNDMap<Double>,
                        acceptanceOff: WcsNDMap<Double>, storage: FITSMapStorage) -> MapDatasetOnOff<WcsGeom> {
        var on = dataset
        on.background = nil
        on.backgroundModel = nil
        if var mask = on.maskSafe {
            mask.data = zip(mask.data, acceptanceOff.data).map { $0 && !($1 <= 0) }  // whole arrays: element writes copy
            on.maskSafe = mask
        }
        return MapDatasetOnOff(dataset: on, countsOff: countsOff, acceptance: acceptance, acceptanceOff: acceptanceOff, offMapsStorage: storage)
    }
}
