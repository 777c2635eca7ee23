import DL3
import Datasets
import GammaMaps

/// A data-reduction step (Gammapy's `Maker`): configuration in stored properties, `run` returns
/// a new dataset made from `dataset` and, where the step needs one, the observation. A maker
/// states the datasets it takes by their geometry: sky maps (`WcsGeom`) for the 3D makers,
/// regions (`RegionGeom`) for spectra.
public protocol DatasetMaker<Geometry>: Sendable {
    associatedtype Geometry: MapGeometry
    /// Gammapy's tag for the maker (`MapDatasetMaker`, `SafeMaskMaker`, ...).
    static var tag: String { get }
    func run(_ dataset: MapDataset<Geometry>, observation: Observation) throws -> MapDataset<Geometry>
}
