import DL3
import Datasets
import Foundation
import GammaMaps

/// Gammapy's `RingBackgroundMaker`: the background of each pixel from a ring around it. OFF
/// counts are the counts, and the OFF acceptance the predicted background, outside the
/// exclusion mask summed over a ring of inner radius `rIn` and `width` (degrees) — a
/// convolution with the ring kernel — the acceptance is the predicted background itself, and
/// pixels whose ring sees no acceptance (acceptance_off ≤ 0) leave the safe mask. The on/off
/// maps are float32, as Gammapy's convolution stores them.
public struct RingBackgroundMaker: OnOffBackgroundMaker {
    public static let tag = "RingBackgroundMaker"

    public let rIn: Double
    public let width: Double
    /// True where the sky may be used; reprojected to each dataset's geometry. Nil: all of it.
    public let exclusionMask: WcsNDMap<Bool>?

    /// - Throws: `MapMakingError(.invalidSelection)` for a negative inner radius or a width ≤ 0.
    public init(rIn: Double, width: Double, exclusionMask: WcsNDMap<Bool>? = nil) throws {
        guard rIn.isFinite, rIn >= 0 else { throw MapMakingError(.invalidSelection, "RingBackgroundMaker: r_in must be ≥ 0 deg, got \(rIn)") }
        guard width.isFinite, width > 0 else { throw MapMakingError(.invalidSelection, "RingBackgroundMaker: width must be > 0 deg, got \(width)") }
        self.rIn = rIn
        self.width = width
        self.exclusionMask = exclusionMask
    }

    /// The ring kernel on `geom`'s pixels: astropy's `Ring2DKernel(r_in / scale, width / scale)`,
    /// scale the pixel size along longitude.
    public static func ringKernel(rIn: Double, width: Double, geom: WcsGeom) throws -> ConvolutionKernel {
        let scale = geom.pixelScales.lon
        return try .ring(innerRadius: rIn / scale, width: width / scale)
    }

    /// The on/off dataset (Gammapy's `MapDatasetOnOff.from_map_dataset`: the dataset's counts,
    /// exposure, IRFs, masks and GTI, without its background).
    /// - Throws: `MapMakingError(.missingGeometry)` without counts or background.
    public func run(_ dataset: MapDataset<WcsGeom>) throws -> MapDatasetOnOff<WcsGeom> {
        guard let counts = dataset.counts, let background = try dataset.npredBackground() else {
            throw MapMakingError(.missingGeometry, "RingBackgroundMaker: the dataset '\(dataset.name)' needs counts and a background map")
        }
        let kernel = try Self.ringKernel(rIn: rIn, width: width, geom: counts.geom)
        let usable = try RingOnOff.usable(exclusionMask, on: counts.geom)
        func excludedConvolution(_ map: WcsNDMap<Double>) throws -> WcsNDMap<Double> {
            var masked = map
            masked.data = zip(map.data, usable.data).map { $1 ? $0 : 0 }  // whole arrays: element writes copy
            var convolved = try masked.convolved(with: kernel)
            convolved.data = convolved.data.map { Double(Float($0)) }
            return convolved
        }
        return RingOnOff.dataset(dataset, countsOff: try excludedConvolution(counts), acceptance: background,
                                 acceptanceOff: try excludedConvolution(background), storage: .float32)
    }

    /// In a chain that stacks into a MapDataset (Gammapy's `DatasetsMaker` callback): the on/off
    /// dataset converted back with the background α × counts_off (`toMapDataset`).
    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDataset<WcsGeom> {
        try run(dataset).toMapDataset()
    }
}
