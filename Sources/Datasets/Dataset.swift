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

extension MapDatasetOnOff: Dataset where Geometry == RegionGeom {
    public static var tag: String { "SpectrumDatasetOnOff" }
    public var instrument: String { dataset.instrument }
    public var modelNames: [String] { [] }
}

extension MapDataset where Geometry == RegionGeom {
    /// The instruments of the meta table, as for sky-map datasets.
    public var instrument: String { Set(metaTable.map(\.telescope)).sorted().first ?? "" }
}

/// The dataset types datasets.yaml entries are read as, by tag.
enum DatasetTypes {
    static let byTag: [String: any Dataset.Type] = [MapDataset<WcsGeom>.tag: MapDataset<WcsGeom>.self,
                                                     SpectrumDatasetOnOff.tag: SpectrumDatasetOnOff.self]
}
