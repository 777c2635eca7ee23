import DL3
import Datasets

/// A data-reduction step (Gammapy's `Maker`): configuration in stored properties, `run` returns
/// a new dataset made from `dataset` and, where the step needs one, the observation.
public protocol DatasetMaker: Sendable {
    /// Gammapy's tag for the maker (`MapDatasetMaker`, `SafeMaskMaker`, ...).
    static var tag: String { get }
    func run(_ dataset: MapDataset, observation: Observation) throws -> MapDataset
}
