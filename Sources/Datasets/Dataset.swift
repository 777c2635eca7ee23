import FITSIO
import GammaMaps

/// What a `Datasets` list can hold (Gammapy's `Dataset` base class): a named dataset with its
/// type tag and file name in datasets.yaml, written as one FITS file and read back by type.
/// Sky-map datasets (`MapDataset<WcsGeom>`) and on/off spectra (`SpectrumDatasetOnOff`) are
/// datasets; the makers' other intermediate products are not written on their own.
public protocol Dataset: Sendable {
    var name: String { get }
    /// Gammapy's `tag`, the `type` of a datasets.yaml entry.
    static var tag: String { get }
    /// The file Gammapy's `Datasets.write` gives a dataset of this type called `name`.
    static func fileName(for name: String) -> String
    /// The instruments of the meta table (Gammapy's summary shows the first).
    var instrument: String { get }
    /// Names of the dataset's models (Gammapy's `models.names`).
    var modelNames: [String] { get }
    /// Appends every HDU of the dataset to a file being written (nothing else may be in it yet).
    func writeHDUs(to writer: FITSWriter) throws
    /// Reads a file written by Gammapy or by `writeHDUs`, named `name` when given.
    static func read(from path: String, name: String?) throws -> Self
}

extension MapDataset: Dataset where Geometry == WcsGeom {
    public static var tag: String { "MapDataset" }
    public static func fileName(for name: String) -> String { name.replacingOccurrences(of: " ", with: "_") + ".fits" }
    public var instrument: String { Set(metaTable.map(\.telescope)).sorted().first ?? "" }
    public var modelNames: [String] { backgroundModel == nil ? [] : ["\(name)-bkg"] }
}

/// A geometry whose on/off datasets are written and read (sky maps: `MapDatasetOnOff`, regions:
/// `SpectrumDatasetOnOff`), each in its own layout.
public protocol OnOffGeometry: MapGeometry {
    /// Gammapy's tag of the on/off dataset on this geometry.
    static var onOffTag: String { get }
    static func onOffFileName(for name: String) -> String
    static func writeHDUs(of dataset: MapDatasetOnOff<Self>, to writer: FITSWriter) throws
    static func readOnOff(from path: String, name: String?) throws -> MapDatasetOnOff<Self>
}

extension WcsGeom: OnOffGeometry {
    public static var onOffTag: String { "MapDatasetOnOff" }
    public static func onOffFileName(for name: String) -> String { MapDataset<WcsGeom>.fileName(for: name) }
    public static func writeHDUs(of dataset: MapDatasetOnOff<WcsGeom>, to writer: FITSWriter) throws { try dataset.writeHDUs(to: writer) }
    public static func readOnOff(from path: String, name: String?) throws -> MapDatasetOnOff<WcsGeom> {
        try MapDatasetOnOff<WcsGeom>.read(from: path, name: name)
    }
}

extension RegionGeom: OnOffGeometry {
    public static var onOffTag: String { "SpectrumDatasetOnOff" }
    public static func onOffFileName(for name: String) -> String { SpectrumDatasetOnOff.fileName(for: name) }
    public static func writeHDUs(of dataset: SpectrumDatasetOnOff, to writer: FITSWriter) throws { try dataset.writeHDUs(to: writer) }
    public static func readOnOff(from path: String, name: String?) throws -> SpectrumDatasetOnOff {
        try SpectrumDatasetOnOff.read(from: path, name: name)
    }
}

extension MapDatasetOnOff: Dataset where Geometry: OnOffGeometry {
    public static var tag: String { Geometry.onOffTag }
    public static func fileName(for name: String) -> String { Geometry.onOffFileName(for: name) }
    public var instrument: String { Set(dataset.metaTable.map(\.telescope)).sorted().first ?? "" }
    public var modelNames: [String] { [] }
    public func writeHDUs(to writer: FITSWriter) throws { try Geometry.writeHDUs(of: self, to: writer) }
    public static func read(from path: String, name: String?) throws -> MapDatasetOnOff<Geometry> {
        try Geometry.readOnOff(from: path, name: name)
    }
}

/// The dataset types datasets.yaml entries are read as, by tag.
enum DatasetTypes {
    static let byTag: [String: any Dataset.Type] = [MapDataset<WcsGeom>.tag: MapDataset<WcsGeom>.self,
                                                     MapDatasetOnOff<WcsGeom>.tag: MapDatasetOnOff<WcsGeom>.self,
                                                     SpectrumDatasetOnOff.tag: SpectrumDatasetOnOff.self]
}
