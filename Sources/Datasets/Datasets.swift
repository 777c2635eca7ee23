import GammaMaps

/// A list of datasets with unique names (Gammapy's `Datasets`), of one type or mixed (sky maps
/// and on/off spectra), written and read as a datasets.yaml index plus one FITS file per
/// dataset (`Datasets+YAML.swift`).
public struct Datasets: Sendable, RandomAccessCollection {
    public private(set) var datasets: [any Dataset]

    /// - Throws: `DatasetError(.invalidArgument)` when two datasets share a name (Gammapy:
    ///   "Dataset names must be unique").
    public init(_ datasets: [any Dataset] = []) throws {
        var seen = Set<String>()
        for dataset in datasets where !seen.insert(dataset.name).inserted {
            throw DatasetError(.invalidArgument, subject: "dataset '\(dataset.name)'", message: "dataset names must be unique")
        }
        self.datasets = datasets
    }

    public var startIndex: Int { datasets.startIndex }
    public var endIndex: Int { datasets.endIndex }
    public subscript(position: Int) -> any Dataset { datasets[position] }

    /// The dataset called `name`, if any.
    public subscript(name: String) -> (any Dataset)? { datasets.first { $0.name == name } }

    /// The sky-map datasets, in order.
    public var mapDatasets: [MapDataset<WcsGeom>] { datasets.compactMap { $0 as? MapDataset<WcsGeom> } }

    /// The on/off spectra, in order.
    public var spectra: [SpectrumDatasetOnOff] { datasets.compactMap { $0 as? SpectrumDatasetOnOff } }

    public var names: [String] { datasets.map(\.name) }

    /// Appends a dataset. - Throws: when its name is taken.
    public mutating func append(_ dataset: any Dataset) throws {
        guard self[dataset.name] == nil else {
            throw DatasetError(.invalidArgument, subject: "dataset '\(dataset.name)'", message: "dataset names must be unique")
        }
        datasets.append(dataset)
    }

    /// All datasets stacked (Gammapy's `stack_reduce`): the first one masked (`toMasked`), named
    /// `name` (default: a random name), then the others stacked into it.
    /// - Throws: when the list is empty, holds other than sky-map datasets, or stacking fails.
    public func stackReduce(name: String? = nil) throws -> MapDataset<WcsGeom> {
        let datasets = mapDatasets
        guard datasets.count == self.datasets.count else {
            throw DatasetError(.unsupported, subject: "Datasets.stackReduce", message: "only a list of MapDatasets is stacked here (stack on/off spectra with SpectrumDatasetOnOff.stack)")
        }
        guard let first = datasets.first else {
            throw DatasetError(.missing, subject: "Datasets.stackReduce", message: "there is no dataset to stack")
        }
        var stacked = try first.toMasked(name: name)
        for dataset in datasets.dropFirst() { try stacked.stack(dataset) }
        return stacked
    }
}
