import Datasets
import Foundation
import GammaMaps

/// What the FoV background maker did to one dataset.
public struct FoVBackgroundReport: Sendable {
    public enum Status: String, Sendable, Equatable {
        /// The norm was set by the scale method.
        case scaled
        /// The model was fitted.
        case fitted
        /// The requirements were not met or the fit failed: the safe mask is false everywhere.
        case failed
    }

    /// The dataset with its background model (and, on failure, an all-false safe mask).
    public var dataset: MapDataset<WcsGeom>
    public var status: Status
    /// Gammapy's warnings, in the order it logs them.
    public var warnings: [String]
    /// Sums over the bins that normalise the background (Gammapy's `_make_masked_summed_counts`,
    /// with the model as it was before this run): counts, total prediction, background prediction.
    public var counts: Double
    public var npred: Double
    public var npredBackground: Double
    /// The fit, for the fit method when the requirements were met.
    public var fit: BackgroundNormFitResult?
}

extension FoVBackgroundMaker {
    /// Runs the maker and returns the dataset with what happened, without sending the warnings
    /// to `warningHandler`.
    ///
    /// - Throws: `FoVBackgroundMakerError` when the dataset has no counts or background map, a
    ///   mask whose geometry differs from the counts', or (fit method) no free parameter.
    public func runReporting(_ input: MapDataset<WcsGeom>) throws -> FoVBackgroundReport {
        var dataset = input
        guard let counts = dataset.counts else {
            throw FoVBackgroundMakerError("dataset '\(dataset.name)' has no counts map")
        }
        guard let background = dataset.background else {
            throw FoVBackgroundMakerError("dataset '\(dataset.name)' has no background map")
        }
        let geom = counts.geom
        guard background.geom.dataShape == geom.dataShape else {
            throw FoVBackgroundMakerError("dataset '\(dataset.name)': background shape \(background.geom.dataShape) differs from counts \(geom.dataShape)")
        }
        for (name, mask) in [("mask_safe", dataset.maskSafe), ("mask_fit", dataset.maskFit)] {
            if let mask, mask.geom.dataShape != geom.dataShape {
                throw FoVBackgroundMakerError("dataset '\(dataset.name)': \(name) shape \(mask.geom.dataShape) differs from counts \(geom.dataShape)")
            }
        }

        // mask_fit × exclusion for the normalisation, restored at the end
        let savedMaskFit = dataset.maskFit
        let exclusion = try makeExclusionMask(for: geom)
        if var fitMask = savedMaskFit {
            precondition(fitMask.data.count == exclusion.data.count, "masks of different sizes")
            fitMask.data = MaskLogic.combine(fitMask.data, exclusion.data, .and)
            dataset.maskFit = fitMask
        } else {
            dataset.maskFit = exclusion
        }
        if dataset.backgroundModel == nil {
            dataset.backgroundModel = spectralModel
        }
        let mask = try dataset.mask?.data
        let sums = try Self.maskedSums(dataset, mask: mask)
        var report = FoVBackgroundReport(dataset: dataset, status: .failed, warnings: [], counts: sums.counts,
                                         npred: sums.npred, npredBackground: sums.background, fit: nil)

        if let problem = requirementsProblem(sums, datasetName: dataset.name) {
            report.warnings.append(problem)
            Self.clearSafeMask(&dataset, geom: geom)
        } else if method == .scale {
            let notBackground = sums.npred - sums.background
            dataset.backgroundModel!.norm.value = (sums.counts - notBackground) / sums.background
            dataset.backgroundModel!.norm.error = (sums.counts - notBackground).squareRoot() / sums.background
            report.status = .scaled
        } else {
            let energies = try Self.energyCenters(geom)
            let likelihood = BackgroundNormLikelihood(counts: counts.data, background: background.data,
                                                      mask: mask, energies: energies)
            let fit = try BackgroundNormFit.fit(likelihood, start: dataset.backgroundModel!)
            dataset.backgroundModel = fit.model
            report.fit = fit
            if fit.success {
                report.status = .fitted
                if fit.degenerate {
                    report.warnings.append("FoVBackgroundMaker: norm and tilt are degenerate for \(dataset.name) "
                                           + "(the background in the fit region lies in one energy bin); "
                                           + "their errors are infinite.")
                }
            } else {
                report.warnings.append("FoVBackgroundMaker failed. Fit did not converge for \(dataset.name). Setting mask to False.")
                Self.clearSafeMask(&dataset, geom: geom)
            }
        }
        dataset.maskFit = savedMaskFit
        report.dataset = dataset
        return report
    }

    /// Gammapy's `_verify_requirements`: the warning when the background cannot be normalised.
    func requirementsProblem(_ sums: (counts: Double, npred: Double, background: Double), datasetName: String) -> String? {
        let notBackground = sums.npred - sums.background
        let value = (sums.counts - notBackground) / sums.background
        if !value.isFinite {
            return "FoVBackgroundMaker failed. Non-finite normalisation value for \(datasetName). Setting mask to False."
        } else if sums.background <= minNpredBackground {
            return "FoVBackgroundMaker failed. Only \(Self.pythonInt(sums.background)) background counts outside exclusion mask for \(datasetName). Setting mask to False."
        } else if sums.counts <= minCounts {
            return "FoVBackgroundMaker failed. Only \(Self.pythonInt(sums.counts)) counts outside exclusion mask for \(datasetName). Setting mask to False."
        } else if sums.counts - notBackground <= 0 {
            return "FoVBackgroundMaker failed. Negative residuals counts for \(datasetName). Setting mask to False."
        }
        return nil
    }

    /// Python's `int(x)` of a finite float (truncation toward zero).
    static func pythonInt(_ x: Double) -> String {
        x.isFinite ? String(format: "%.0f", x.rounded(.towardZero)) : "\(x)"
    }

    /// Gammapy's `_make_masked_summed_counts`: over `mask` where the prediction is not NaN,
    /// numpy sums of the counts (float32, as Gammapy's counts), the total prediction (the
    /// background prediction with negative values set to zero) and the background prediction
    /// (`npred_background`: the background times the model's factor of each energy bin).
    ///
    /// The selected values are gathered in order into buffers of the full size (appending to
    /// growing arrays reallocated and copied them several times per dataset), one energy plane
    /// at a time with its model factor. The prediction is the background clipped at zero, so
    /// where no selected background value is negative the two sequences, and so their sums, are
    /// the same: the prediction is summed on its own only where one is.
    static func maskedSums(_ dataset: MapDataset<WcsGeom>, mask: [Bool]?) throws -> (counts: Double, npred: Double, background: Double) {
        guard let counts = dataset.counts, let background = dataset.background else { return (0, 0, 0) }
        let factors = try dataset.backgroundModel?.factors(for: background.geom)
        // stride of the energy axis in the flat data (numpy order: last axis slowest)
        var plane = background.geom.spatialPixelCount
        for axis in background.geom.axes.prefix(while: { $0.name != "energy" }) { plane *= axis.nbin }
        let total = counts.data.count
        let c = UnsafeMutablePointer<Float>.allocate(capacity: total), b = UnsafeMutablePointer<Double>.allocate(capacity: total)
        defer { c.deallocate(); b.deallocate() }
        var selected = 0, negatives = 0
        counts.data.withUnsafeBufferPointer { counts in
            background.data.withUnsafeBufferPointer { background in
                (mask ?? []).withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt8.self) { mask in
                    let masked = !mask.isEmpty
                    for start in stride(from: 0, to: total, by: plane) {
                        let factor = factors.map { $0[(start / plane) % $0.count] }
                        // every element is written at the next free place, which advances only
                        // for a selected one: no branch to mispredict on the mask's edges
                        @inline(__always) func element(_ k: Int, _ model: (Double) -> Double) {
                            let bk = model(background[k])
                            c[selected] = Float(counts[k])
                            b[selected] = bk
                            // selected: in the mask (a Bool is the byte 0 or 1) and not NaN,
                            // as integers: `&&` branched and mispredicted along the mask's edges
                            let one = (masked ? Int(mask[k]) : 1) & (bk.isNaN ? 0 : 1)
                            negatives &+= (bk < 0 ? 1 : 0) & one
                            selected &+= one
                        }
                        // Eight mask bytes at a time: a block wholly outside the mask is skipped, one
                        // wholly inside it without NaN is copied in one go (most blocks: the mask is
                        // a few large regions); the others go element by element.
                        @inline(__always) func gather(_ model: (Double) -> Double) {
                            let end = min(start + plane, total), inside: UInt64 = 0x0101_0101_0101_0101
                            var k = start
                            while k + 8 <= end {
                                let word = masked ? UnsafeRawPointer(mask.baseAddress! + k).loadUnaligned(as: UInt64.self) : inside
                                if word == 0 { k += 8; continue }
                                if word == inside {
                                    var nan: UInt8 = 0, negative = 0
                                    for i in 0..<8 {
                                        let bk = model(background[k + i])
                                        c[selected + i] = Float(counts[k + i])
                                        b[selected + i] = bk
                                        nan |= bk.isNaN ? 1 : 0
                                        negative &+= bk < 0 ? 1 : 0
                                    }
                                    if nan == 0 {
                                        selected &+= 8
                                        negatives &+= negative
                                        k += 8
                                        continue
                                    }
                                }
                                for _ in 0..<8 { element(k, model); k += 1 }
                            }
                            while k < end { element(k, model); k += 1 }
                        }
                        if let factor { gather { $0 * factor } } else { gather { $0 } }
                    }
                } }
            }
        }
        let backgroundSum = NumpyCompat.pairwiseSum(b, count: selected, stride: 1)
        var npredSum = backgroundSum
        if negatives > 0 {
            for i in 0..<selected where b[i] < 0 { b[i] = 0 }
            npredSum = NumpyCompat.pairwiseSum(b, count: selected, stride: 1)
        }
        return (Double(NumpyCompat.pairwiseSum(c, count: selected, stride: 1)), npredSum, backgroundSum)
    }

    /// Reconstructed-energy bin centres in TeV.
    static func energyCenters(_ geom: WcsGeom) throws -> [Double] {
        guard geom.axes.count == 1, let axis = geom.axes.first, axis.name == "energy" else {
            throw FoVBackgroundMakerError("the fit method needs a geometry with one reconstructed-energy axis 'energy', got \(geom.axes.names)")
        }
        guard let toTeV = axis.unit.isEmpty ? 1 : UnitConversion.factor(from: axis.unit, to: "TeV") else {
            throw FoVBackgroundMakerError("the energy axis unit '\(axis.unit)' is not an energy")
        }
        return axis.centers.map { toTeV == 1 ? $0 : $0 * toTeV }
    }

    /// `mask_safe.data[...] = False` (a dataset without a safe mask gets an all-false one,
    /// where Gammapy would fail on `None`).
    static func clearSafeMask(_ dataset: inout MapDataset<WcsGeom>, geom: WcsGeom) {
        if var safe = dataset.maskSafe {
            safe.data = [Bool](repeating: false, count: safe.data.count)
            dataset.maskSafe = safe
        } else {
            dataset.maskSafe = WcsNDMap<Bool>.fromGeom(geom, fill: false)
        }
    }
}
