extension Datasets: CustomStringConvertible {
    /// Gammapy's `print(datasets)`: type, name, instrument and model names of each dataset
    /// (tabs expanded to 2 columns, as Gammapy does).
    public var description: String {
        var text = "Datasets\n--------\n\n"
        for (index, dataset) in datasets.enumerated() {
            let models = dataset.modelNames.isEmpty ? "" : "[" + dataset.modelNames.map { "'\($0)'" }.joined(separator: ", ") + "]"
            text += "Dataset \(index): \n\n"
            text += "  Type       : \(type(of: dataset).tag)\n"
            text += "  Name       : \(dataset.name)\n"
            text += "  Instrument : \(dataset.instrument)\n"
            text += "  Models     : \(models)\n\n"
        }
        return text
    }
}
