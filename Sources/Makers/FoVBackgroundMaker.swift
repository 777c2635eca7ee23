import DL3
import Datasets
import Foundation
import GammaMaps

/// Normalises a dataset's background template on the whole field of view, outside an
/// exclusion mask (Gammapy's `FoVBackgroundMaker`).
///
/// The dataset gets a FoV background model (`dataset.backgroundModel`, a `PowerLawNormSpectralModel`
/// "pl-norm": norm free, tilt frozen at 0, reference 1 TeV, unless `spectralModel` says
/// otherwise, or the model it already has), whose parameters are then
/// - `.scale`: norm = (counts − non-background prediction) / predicted background, summed over
///   the bins of the safe mask, the fit mask and the exclusion mask (and where the prediction is
///   not NaN), error √(counts − non-background prediction) / predicted background;
/// - `.fit`: fitted with the Cash statistic over the same bins (`BackgroundNormFit`, converged to
///   the true minimum; Gammapy's MIGRAD stops within its tolerance, ~1e-4 relative away).
///
/// As in Gammapy, the background is not normalised — a warning naming the dataset is emitted and
/// the safe mask set to false everywhere — when the scale is not finite (e.g. the exclusion
/// removes every bin), the predicted background is ≤ `minNpredBackground`, the counts are
/// ≤ `minCounts`, the residual counts are ≤ 0, or the fit does not converge. The dataset's fit
/// mask is restored afterwards.
public struct FoVBackgroundMaker: DatasetMaker {
    public static let tag = "FoVBackgroundMaker"

    /// Gammapy's `method`, with its spelling as raw value.
    public enum Method: String, Sendable, CaseIterable {
        case fit
        case scale

        /// The method from Gammapy's string; throws Gammapy's message for anything else.
        public init(gammapy value: String) throws {
            guard let method = Method(rawValue: value) else {
                throw FoVBackgroundMakerError("Not a valid method for FoVBackgroundMaker: \(value). Choose from ['fit', 'scale']")
            }
            self = method
        }
    }

    public var method: Method
    /// True where the background may be normalised, false in excluded regions; any geometry
    /// (2D or with an energy axis): it is reprojected to each dataset's geometry. Nil: no exclusion.
    public var exclusionMask: WcsNDMap<Bool>?
    /// The model given to datasets that have none (Gammapy's `spectral_model`, default "pl-norm").
    public var spectralModel: BackgroundNormModel
    /// Minimum counts (strictly more are needed) outside the exclusion.
    public var minCounts: Double
    /// Minimum predicted background counts (strictly more are needed) outside the exclusion.
    public var minNpredBackground: Double
    /// Receives Gammapy's warnings (default: printed to standard error).
    public var warningHandler: @Sendable (String) -> Void

    public init(method: Method = .scale, exclusionMask: WcsNDMap<Bool>? = nil,
                spectralModel: BackgroundNormModel = FoVBackgroundMaker.plNorm(), minCounts: Double = 0,
                minNpredBackground: Double = 0,
                warningHandler: @escaping @Sendable (String) -> Void = FoVBackgroundMaker.printWarning) {
        self.method = method
        self.exclusionMask = exclusionMask
        self.spectralModel = spectralModel
        self.minCounts = minCounts
        self.minNpredBackground = minNpredBackground
        self.warningHandler = warningHandler
    }

    /// Gammapy's "pl-norm" (`PowerLawNormSpectralModel()`): norm 1 (free), tilt 0, reference
    /// 1 TeV; `freeTilt` unfreezes the tilt (Gammapy: `spectral_model.tilt.frozen = False`).
    public static func plNorm(freeTilt: Bool = false) -> BackgroundNormModel {
        BackgroundNormModel(norm: .init(value: 1), tilt: .init(value: 0, frozen: !freeTilt),
                            reference: .init(value: 1, frozen: true))
    }

    /// Writes a warning to standard error as Python's logging does without configuration.
    public static let printWarning: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("WARNING: \(message)\n".utf8))
    }

    /// Gammapy's `run(dataset, observation)`; the observation is not used.
    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDataset<WcsGeom> {
        try run(dataset)
    }

    /// Normalises the background of `dataset` (Gammapy's `run(dataset)`).
    public func run(_ dataset: MapDataset<WcsGeom>) throws -> MapDataset<WcsGeom> {
        let report = try runReporting(dataset)
        report.warnings.forEach(warningHandler)
        return report.dataset
    }

    /// The exclusion mask on the dataset's geometry (Gammapy's `make_exclusion_mask`): the
    /// reprojected `exclusionMask`, or true everywhere.
    public func makeExclusionMask(for geom: WcsGeom) throws -> WcsNDMap<Bool> {
        guard let exclusionMask else { return WcsNDMap<Bool>.fromGeom(geom, fill: true) }
        return try ExclusionMask.reproject(exclusionMask, to: geom)
    }
}

/// A configuration or input error of the FoV background maker.
public struct FoVBackgroundMakerError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "FoVBackgroundMaker: \(message)" }
}
