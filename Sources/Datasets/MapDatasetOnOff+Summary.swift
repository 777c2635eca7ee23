import Foundation
import GammaMaps

extension MapDatasetOnOff: CustomStringConvertible where Geometry: OnOffGeometry {
    /// The summary laid out exactly as Gammapy's `print(dataset)` of a `SpectrumDatasetOnOff` or
    /// `MapDatasetOnOff` without models, summed inside the safe mask: the background is α × counts_off, the
    /// prediction WStat's profiled background (no signal), the statistic WStat.
    public var description: String {
        let spectrum = dataset
        let safe = spectrum.maskSafe?.data
        func sum(_ values: [Double], float32: Bool = false) -> Double {
            let selected = values.indices.filter { safe?[$0] ?? true }.map { values[$0] }
            return float32 ? NumpySum.sum(selected, float32: true) : NumpyCompat.sum(selected)
        }
        let offFloat32 = offMapsStorage == .float32
        let counts = spectrum.counts.map { sum($0.data) } ?? 0
        let alpha = self.alpha.data
        var background = Double.nan, npred = Double.nan, stat = 0.0
        if let off = countsOff?.data, let on = spectrum.counts?.data {
            background = sum(zip(alpha, off).map { $0 * $1 })
            npred = sum(on.indices.map { k in
                NumpyCompat.nanToNum(alpha[k] * WStatStatistic.backgroundEstimate(counts: on[k], countsOff: off[k], alpha: alpha[k], npredSignal: 0))
            })
            stat = WStatStatistic.sum(counts: on, countsOff: off, alpha: alpha, npredSignal: [Double](repeating: 0, count: on.count), mask: safe)
        } else if safe?.contains(true) ?? true {
            stat = .nan
        }
        let (exposureMin, exposureMax, exposureUnit) = spectrum.exposureRange
        func row(_ label: String, _ value: String) -> String {
            "  " + label.padding(toLength: Swift.max(32, label.count), withPad: " ", startingAt: 0) + ": " + value
        }
        let fixed = PythonFormat.fixed
        var text = Self.tag + "\n" + String(repeating: "-", count: Self.tag.count) + "\n\n"
        text += row("Name", name) + " \n\n"
        text += row("Total counts", "\(Int(counts))") + " \n"
        text += row("Total background counts", fixed(background, 2)) + "\n"
        text += row("Total excess counts", fixed(counts - background, 2)) + "\n\n"
        text += row("Predicted counts", fixed(npred, 2)) + "\n"
        text += row("Predicted background counts", fixed(npred, 2)) + "\n"
        text += row("Predicted excess counts", "nan") + "\n\n"
        text += row("Exposure min", PythonFormat.exponent(exposureMin) + " " + exposureUnit) + "\n"
        text += row("Exposure max", PythonFormat.exponent(exposureMax) + " " + exposureUnit) + "\n\n"
        text += row("Number of total bins", "\(spectrum.counts?.data.count ?? 0)") + " \n"
        text += row("Number of fit bins", "\(safe?.filter { $0 }.count ?? (spectrum.counts?.data.count ?? 0))") + " \n\n"
        text += row("Fit statistic type", "wstat") + "\n"
        text += row("Fit statistic value (-2 log(L))", fixed(stat, 2)) + "\n\n"
        text += row("Number of models", "0") + " \n"
        text += row("Number of parameters", "0") + "\n"
        text += row("Number of free parameters", "0") + "\n\n"
        text += row("Total counts_off", fixed(countsOff.map { sum($0.data, float32: offFloat32) } ?? .nan, 0)) + " \n"
        text += row("Acceptance", fixed(sum(acceptance.data), 0)) + " \n"
        text += row("Acceptance off", fixed(sum(acceptanceOff.data, float32: offFloat32), 0)) + " \n"
        return text
    }
}
