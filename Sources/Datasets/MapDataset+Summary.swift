import Foundation
import GammaMaps

/// The numbers Gammapy's `MapDataset.info_dict()` gives, summed over energy inside the safe
/// mask (over all bins when there is none).
public struct MapDatasetSummary: Sendable, Equatable {
    public var name: String
    /// Total counts (truncated to an integer, as Gammapy's `int(...)`).
    public var counts: Int
    /// Background counts; NaN without counts or background.
    public var background: Double
    /// Counts minus predicted background; NaN without counts or background.
    public var excess: Double
    /// Predicted counts: the predicted background (there are no source models here); NaN when
    /// there is neither background nor a background model.
    public var npred: Double
    public var npredBackground: Double
    /// Always NaN: GammaKit datasets carry no source models.
    public var npredSignal: Double
    /// Smallest and largest exposure among bins with positive exposure in pixels that are safe in
    /// some energy (all bins when there are none), in `exposureUnit`; NaN without exposure.
    public var exposureMin: Double
    public var exposureMax: Double
    public var exposureUnit: String
    /// The exposure meta `livetime` as written (`"1581.26466581225 s"`), nil when absent.
    public var livetime: String?
    /// Sum of the GTIs in seconds (NaN without GTI).
    public var ontime: Double
    /// Number of counts bins, and of bins inside the combined safe and fit mask.
    public var nBins: Int
    public var nFitBins: Int
    public var statType: String
    /// The Cash statistic −2 log L of the predicted background (with a FoV background model only,
    /// as Gammapy computes it only when models are set); NaN otherwise.
    public var statSum: Double
}

extension MapDataset<WcsGeom> {
    /// The dataset's summary numbers (Gammapy's `info_dict(in_safe_data_range=True)`), with
    /// numpy's summation: pairwise, in float32 for float32 maps (counts are float32 always).
    public func summary() throws -> MapDatasetSummary {
        let safe = maskSafe?.data
        func select(_ values: [Double]) -> [Double] {
            guard let safe else { return values }
            var out: [Double] = []
            out.reserveCapacity(values.count)
            for (v, s) in zip(values, safe) where s { out.append(v) }
            return out
        }
        let npredBackgroundMap = try npredBackground()
        let backgroundFloat32 = isFloat32 && backgroundModel == nil
        var counts = 0.0, background = Double.nan, excess = Double.nan
        if let countsMap = self.counts {
            counts = NumpySum.sum(select(countsMap.data), float32: true)
            if let bg = self.background, let npredBg = npredBackgroundMap {
                let onSum = counts
                let bkgSum = NumpySum.sum(select(npredBg.data), float32: backgroundFloat32)
                excess = backgroundFloat32 ? Double(Float(onSum) - Float(bkgSum)) : onSum - bkgSum
                background = NumpySum.sum(select(bg.data), float32: isFloat32)
            }
        }
        // npred = background prediction, float64, negative values clipped
        var npred = Double.nan
        let npredValues = npredBackgroundMap.map { $0.data.map { $0 < 0 ? 0 : $0 } }
        if backgroundModel != nil || !background.isNaN {
            npred = npredValues.map { NumpySum.sum(select($0), float32: false) } ?? 0
        }
        var npredBackground = Double.nan
        if let npredBg = npredBackgroundMap {
            npredBackground = NumpySum.sum(select(npredBg.data), float32: backgroundFloat32)
        }
        let (exposureMin, exposureMax, exposureUnit) = exposureRange
        let livetime = exposure?.meta["livetime"]
        let nBins = self.counts?.data.count ?? 0
        let nFitBins = try mask?.data.reduce(0) { $0 + ($1 ? 1 : 0) } ?? 0
        var statSum = Double.nan
        if let countsMap = self.counts, backgroundModel != nil {
            let mu = npredValues ?? [Double](repeating: 0, count: countsMap.data.count)
            let m = try mask?.data
            statSum = Self.cashSum(counts: countsMap.data, npred: mu, mask: m)
        }
        return MapDatasetSummary(
            name: name, counts: Int(counts), background: background, excess: excess, npred: npred,
            npredBackground: npredBackground, npredSignal: .nan, exposureMin: exposureMin, exposureMax: exposureMax,
            exposureUnit: exposureUnit, livetime: livetime, ontime: gti?.timeSum ?? .nan, nBins: nBins,
            nFitBins: nFitBins, statType: "cash", statSum: statSum)
    }

    /// Gammapy's compiled `cash_sum`: Σ μ − n log μ (μ truncated at 1e-25), times 2, added in
    /// order over the bins inside `mask`.
    static func cashSum(counts: [Double], npred: [Double], mask: [Bool]?) -> Double {
        let truncation = 1e-25, logTruncation = Foundation.log(1e-25)
        var sum = 0.0
        for i in counts.indices where mask?[i] ?? true {
            var mu = npred[i], logMu: Double
            if mu > truncation { logMu = Foundation.log(mu) } else { mu = truncation; logMu = logTruncation }
            sum += mu
            if counts[i] > 0 { sum -= counts[i] * logMu }
        }
        return 2 * sum
    }
}

extension MapDataset {
    /// The summary's exposure range and unit (Gammapy's `MapDataset.__str__`): over the positive
    /// exposure where the safe mask, reduced over its energy axis with logical or, is true — or
    /// over all of it when that leaves nothing; NaN and "cm s" without exposure.
    var exposureRange: (min: Double, max: Double, unit: String) {
        guard let exposure else { return (.nan, .nan, "cm s") }
        let plane = exposure.geom.spatialPixelCount
        var spatial: [Bool]?
        if let safe = maskSafe?.data {
            var any = [Bool](repeating: false, count: plane)
            for (k, s) in safe.enumerated() where s { any[k % plane] = true }
            spatial = any
        }
        var values = exposure.data.enumerated().filter { $0.element > 0 && (spatial?[$0.offset % plane] ?? true) }.map(\.element)
        if values.isEmpty { values = exposure.data }
        if values.contains(where: \.isNaN) { return (.nan, .nan, exposure.unit) }
        return (values.min() ?? .nan, values.max() ?? .nan, exposure.unit)
    }
}

extension MapDataset<WcsGeom>: CustomStringConvertible {
    /// The summary laid out exactly as Gammapy's `print(dataset)`, including the FoV background
    /// model's block when there is one. Empty string if the summary cannot be computed.
    public var description: String {
        guard let s = try? summary() else { return "MapDataset\n----------\n\n  Name : \(name)\n" }
        func row(_ label: String, _ value: String) -> String {
            "  " + label.padding(toLength: Swift.max(32, label.count), withPad: " ", startingAt: 0) + ": " + value
        }
        func fixed(_ v: Double, _ digits: Int) -> String { PythonFormat.fixed(v, digits) }
        var text = "MapDataset\n----------\n\n"
        text += row("Name", s.name) + " \n\n"
        text += row("Total counts", "\(s.counts)") + " \n"
        text += row("Total background counts", fixed(s.background, 2)) + "\n"
        text += row("Total excess counts", fixed(s.excess, 2)) + "\n\n"
        text += row("Predicted counts", fixed(s.npred, 2)) + "\n"
        text += row("Predicted background counts", fixed(s.npredBackground, 2)) + "\n"
        text += row("Predicted excess counts", fixed(s.npredSignal, 2)) + "\n\n"
        text += row("Exposure min", PythonFormat.exponent(s.exposureMin) + " " + s.exposureUnit) + "\n"
        text += row("Exposure max", PythonFormat.exponent(s.exposureMax) + " " + s.exposureUnit) + "\n\n"
        text += row("Number of total bins", "\(s.nBins)") + " \n"
        text += row("Number of fit bins", "\(s.nFitBins)") + " \n\n"
        text += row("Fit statistic type", s.statType) + "\n"
        text += row("Fit statistic value (-2 log(L))", fixed(s.statSum, 2)) + "\n\n"
        guard let model = backgroundModel else {
            text += row("Number of models", "0") + " \n"
            text += row("Number of parameters", "0") + "\n"
            text += row("Number of free parameters", "0") + "\n\n"
            return text
        }
        let parameters = [("tilt", model.tilt, ""), ("norm", model.norm, ""), ("reference", model.reference, "TeV")]
        text += row("Number of models", "1") + " \n"
        text += row("Number of parameters", "3") + "\n"
        text += row("Number of free parameters", "\(parameters.filter { !$0.1.frozen }.count)") + "\n\n"
        // Gammapy's FoVBackgroundModel.__str__ under "Component 0: ", tabs of two spaces
        func label(_ l: String) -> String { "    " + l.padding(toLength: 26, withPad: " ", startingAt: 0) + ": " }
        text += "  Component 0: FoVBackgroundModel\n  \n"
        text += label("Name") + "\(name)-bkg\n"
        text += label("Datasets names") + "['\(name)']\n"
        text += label("Spectral model type") + "PowerLawNormSpectralModel\n"
        text += "    Parameters:\n"
        for (parameterName, p, unit) in parameters {
            // "\t{:21} {:8}: {:10.3f}\t {} {:<12s}\n" expanded with tabs of 2, indented by a tab
            let frozen = p.frozen ? "(frozen)" : ""
            let head = "    " + "  " + parameterName.padding(toLength: Swift.max(21, parameterName.count), withPad: " ", startingAt: 0)
                + " " + frozen.padding(toLength: 8, withPad: " ", startingAt: 0) + ": "
            var value = fixed(p.value, 3)
            value = String(repeating: " ", count: Swift.max(0, 10 - value.count)) + value
            let error: String
            if p.frozen {
                error = "\t\t"
            } else {
                let e = fixed(p.error, 2)
                error = "+/- " + String(repeating: " ", count: Swift.max(0, 7 - e.count)) + e
            }
            let tail = "\t " + error + " " + unit.padding(toLength: Swift.max(12, unit.count), withPad: " ", startingAt: 0)
            text += PythonFormat.expandTabs(head + value + tail, column: 0) + "\n"
        }
        text += "  \n  "
        return text
    }
}
