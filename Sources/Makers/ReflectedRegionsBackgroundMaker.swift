import DL3
import Datasets
import GammaMaps
import Sky

/// Gammapy's `ReflectedRegionsBackgroundMaker`: turns a spectrum into an on/off spectrum whose
/// OFF counts come from regions found by `finder` about the pointing (reflected regions by
/// default, or wobble positions), avoiding `exclusionMask` (true = usable sky). Acceptance is 1
/// per bin, acceptance_off the number of OFF regions. Without OFF region, Gammapy's warnings,
/// no OFF counts, acceptance_off 0 and a safe mask false everywhere.
public struct ReflectedRegionsBackgroundMaker: Sendable {
    public static let tag = "ReflectedRegionsBackgroundMaker"

    public var finder: any RegionsFinder
    /// A 2D mask, or one whose non-spatial axes are reduced (logical or) when the maker is made.
    public var exclusionMask: WcsNDMap<Bool>?
    public var warningHandler: @Sendable (String) -> Void

    public init(finder: (any RegionsFinder)? = nil, exclusionMask: WcsNDMap<Bool>? = nil,
                warningHandler: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.finder = try finder ?? ReflectedRegionsFinder()
        // Gammapy: `sum_over_axes` then as booleans, i.e. usable in any plane.
        self.exclusionMask = try exclusionMask.map { $0.geom.axes.isEmpty ? $0 : try $0.reduceOverAxes(.logicalOr) }
        self.warningHandler = warningHandler
    }

    public func run(_ dataset: SpectrumDataset, observation: Observation) throws -> SpectrumDatasetOnOff {
        guard let geom = dataset.counts?.geom else {
            throw MapMakingError(.missingGeometry, "ReflectedRegionsBackgroundMaker: the dataset '\(dataset.name)' has no counts spectrum")
        }
        let off = try ReflectedOffCounts(onGeom: geom, observation: observation, finder: finder, exclusionMask: exclusionMask,
                                         datasetName: dataset.name, warningHandler: warningHandler)
        var onOff = SpectrumDatasetOnOff(dataset: dataset, countsOff: off.countsOff,
                                         acceptance: .fromGeom(geom, fill: 1),
                                         acceptanceOff: .fromGeom(off.countsOff?.geom ?? geom, fill: off.acceptanceOff))
        if off.countsOff == nil {
            if let mask = onOff.dataset.maskSafe { onOff.dataset.maskSafe = .fromGeom(mask.geom, fill: false) }
            warningHandler("ReflectedRegionsBackgroundMaker failed. Setting \(dataset.name) mask to False.")
        }
        return onOff
    }
}
