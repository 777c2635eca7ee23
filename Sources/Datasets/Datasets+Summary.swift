extension Datasets: CustomStringConvertible {
    /// Gammapy's `print(datasets)`: type, name, instrument and model names of each dataset
    /// (tabs expanded to 2 columns, as Gammapy does).
    public var description: String {
        var text = "Datasets\n--------\n\n"
        for (index, dataset) in datasets.enumerated() {
            let instrument = Set(dataset.metaTable.map(\.telescope)).sorted().first ?? ""
            let models = dataset.backgroundModel == nil ? "" : "['\(dataset.name)-bkg']"
            text += "Dataset \(index): \n\n"
            text += "  Type       : MapDataset\n"
            text += "  Name       : \(dataset.name)\n"
            text += "  Instrument : \(instrument)\n"
            text += "  Models     : \(models)\n\n"
        }
        return text
    }
}
