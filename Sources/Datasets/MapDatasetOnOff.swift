import GammaMaps

/// A dataset whose background is measured in OFF regions (Gammapy's `MapDatasetOnOff`, and on a
/// region geometry its `SpectrumDatasetOnOff`): the ON dataset with the OFF counts and the
/// acceptances of the ON and OFF regions, whose ratio α scales the OFF counts to the background
/// expected in the ON region.
public struct MapDatasetOnOff<Geometry: MapGeometry>: Sendable {
    /// Counts, exposure, energy dispersion, masks, GTI and meta table (its `background` unused).
    public var dataset: MapDataset<Geometry>
    /// Counts in the OFF regions; nil when no OFF region was found (Gammapy's `counts_off = None`).
    public var countsOff: Map<Geometry, Double>?
    public var acceptance: Map<Geometry, Double>
    public var acceptanceOff: Map<Geometry, Double>
    /// The numpy dtype Gammapy holds counts_off and acceptance_off in when a maker sets it
    /// (float32: the ring's convolutions; float64: the adaptive ring's cubes) — what they are
    /// written as and summed in; nil: counts_off float32 and acceptance_off as the dataset's maps.
    public var offMapsStorage: FITSMapStorage?

    public init(dataset: MapDataset<Geometry>, countsOff: Map<Geometry, Double>?, acceptance: Map<Geometry, Double>,
                acceptanceOff: Map<Geometry, Double>, offMapsStorage: FITSMapStorage? = nil) {
        self.dataset = dataset
        self.countsOff = countsOff
        self.acceptance = acceptance
        self.acceptanceOff = acceptanceOff
        self.offMapsStorage = offMapsStorage
    }

    public var name: String {
        get { dataset.name }
        set { dataset.name = newValue }
    }

    /// acceptance / acceptance_off per bin, with numpy's `nan_to_num` as Gammapy applies it
    /// (0 / 0 → 0, x / 0 → the largest double).
    public var alpha: Map<Geometry, Double> {
        // whole arrays assigned at once: element writes through `data`'s didSet copy the array
        var ratio = acceptance
        ratio.data = zip(acceptance.data, acceptanceOff.data).map { NumpyCompat.nanToNum($0 / $1) }
        return ratio
    }

    /// The background expected in the ON region, α × counts_off (Gammapy's `npred_background`);
    /// zero without OFF counts.
    public var npredBackground: Map<Geometry, Double> {
        var background = acceptance
        let alpha = self.alpha.data
        background.data = countsOff.map { zip(alpha, $0.data).map { $0 * $1 } } ?? [Double](repeating: 0, count: alpha.count)
        return background
    }
}

/// Gammapy's `SpectrumDatasetOnOff`.
public typealias SpectrumDatasetOnOff = MapDatasetOnOff<RegionGeom>

extension MapDatasetOnOff {
    /// The dataset with the background α × counts_off (Gammapy's `to_map_dataset`), what is
    /// stacked when on/off datasets are stacked into a MapDataset; no background without OFF counts.
    public func toMapDataset(name: String? = nil) -> MapDataset<Geometry> {
        var converted = dataset
        converted.name = name ?? dataset.name
        converted.background = countsOff == nil ? nil : npredBackground
        converted.backgroundModel = nil
        return converted
    }
}
