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
    /// The width in degrees of the cutout around each pointing this maker needs of the reference
    /// dataset, which `DatasetsMaker` takes by default (SafeMaskMaker: 2 × `offsetMax`, as
    /// Gammapy's DatasetsMaker); nil when the maker needs none.
    var cutoutWidth: Double? { get }
    func run(_ dataset: MapDataset<Geometry>, observation: Observation) throws -> MapDataset<Geometry>
}

extension DatasetMaker {
    public var cutoutWidth: Double? { nil }
}

/// A maker that makes its dataset from the reference's geometries alone, whatever its maps hold
/// (MapDatasetMaker): first in a `DatasetsMaker` chain, only the geometries are cut out for it,
/// not the reference's (large, empty) maps.
public protocol GeometryDatasetMaker: DatasetMaker where Geometry == WcsGeom {
    func run(on geoms: MapDatasetGeoms, name: String, observation: Observation) throws -> MapDataset<WcsGeom>
    /// Whether it needs the solid angles of the geometry's pixels (a background map does), which
    /// `DatasetsMaker` computes once for all observations.
    var needsSolidAngles: Bool { get }
}

/// A background maker whose result is an on/off dataset (the ring backgrounds: Gammapy's
/// `RingBackgroundMaker`, `AdaptiveRingBackgroundMaker`). In a stacking chain it acts as a
/// `DatasetMaker`, converting with `toMapDataset`; unstacked, its on/off datasets are the output.
public protocol OnOffBackgroundMaker: DatasetMaker where Geometry == WcsGeom {
    func run(_ dataset: MapDataset<WcsGeom>) throws -> MapDatasetOnOff<WcsGeom>
}

extension OnOffBackgroundMaker {
    /// The maker as a link of a stacking chain (Swift does not convert the existentials itself).
    public var chainLink: any DatasetMaker<WcsGeom> { self }
}
