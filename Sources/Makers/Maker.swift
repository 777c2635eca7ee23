import DL3
import Datasets
import GammaMaps

/// A data-reduction step (Gammapy's `Maker`): configuration in stored properties, `run` returns
/// a new dataset made from `dataset` and, where the step needs one, the observation.
public protocol DatasetMaker: Sendable {
    /// Gammapy's tag for the maker (`MapDatasetMaker`, `SafeMaskMaker`, ...).
    static var tag: String { get }
    func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDataset<WcsGeom>
}
