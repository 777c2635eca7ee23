/// A list of datasets with unique names (Gammapy's `Datasets`), written and read as a
import GammaMaps
/// datasets.yaml index plus one FITS file per dataset (`Datasets+YAML.swift`).
public struct Datasets: Sendable, RandomAccessCollection {
    public private(set) var datasets: [MapDataset<WcsGeom>]

    /// - Throws: `DatasetError(.invalidArgument)` when two datasets share a name (Gammapy:
    ///   "Dataset names must be unique").
    public init(_ datasets: [MapDataset<WcsGeom>] = []) throws {
        var seen = Set<String>()
        for dataset in datasets where !seen.insert(dataset.name).inserted {
            throw DatasetError(.invalidArgument, subject: "dataset '\(dataset.name)'", message: "dataset names must be unique")
        }
        self.datasets = datasets
    }

    public var startIndex: Int { datasets.startIndex }
    public var endIndex: Int { datasets.endIndex }
    public subscript(position: Int) -> MapDataset<WcsGeom> { datasets[position] }

    /// The dataset called `name`, if any.
    public subscript(name: String) -> MapDataset<WcsGeom>? { datasets.first { $0.name == name } }

    public var names: [String] { datasets.map(\.name) }

    /// Appends a dataset. - Throws: when its name is taken.
    public mutating func append(_ dataset: MapDataset<WcsGeom>) throws {
        guard self[dataset.name] == nil else {
            throw DatasetError(.invalidArgument, subject: "dataset '\(dataset.name)'", message: "dataset names must be unique")
        }
        datasets.append(dataset)
    }

    /// All datasets stacked (Gammapy's `stack_reduce`): the first one masked (`toMasked`), named
    /// `name` (default: a random name), then the others stacked into it.
    /// - Throws: when the list is empty or stacking fails.
    public func stackReduce(name: String? = nil) throws -> MapDataset<WcsGeom> {
        guard let first = datasets.first else {
            throw DatasetError(.missing, subject: "Datasets.stackReduce", message: "there is no dataset to stack")
        }
        var stacked = try first.toMasked(name: name)
        for dataset in datasets.dropFirst() { try stacked.stack(dataset) }
        return stacked
    }
}
