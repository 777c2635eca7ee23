import Datasets

extension FoVBackgroundModels {
    /// The models of the maker's reports, with the norm–tilt covariance of fits with a free tilt
    /// (which `MapDataset.backgroundModel` does not hold), for `models.yaml` and its covariance file
    /// exactly as Gammapy writes them after `FoVBackgroundMaker(method="fit")`.
    public init(reports: [FoVBackgroundReport]) {
        self.init(entries: reports.compactMap { report in
            guard let model = report.dataset.backgroundModel else { return nil }
            return Entry(datasetName: report.dataset.name, model: model,
                         normTiltCovariance: report.fit?.covariance[0][1] ?? 0)
        })
    }
}
