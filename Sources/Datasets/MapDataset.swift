import DL3
import GammaMaps
import IRF

/// Numeric precision of a dataset's maps as Gammapy would hold them: datasets created empty
/// (and so stacked datasets) have float32 maps, datasets made from one observation float64
/// maps (counts are float32 in both). Maps are held as `Double`; operations on a `.float32`
/// dataset round their results to `Float`, which reproduces float32 arithmetic exactly, and
/// FITS files are written with the matching BITPIX.
public enum MapPrecision: String, Sendable {
    case float32
    case float64
}

/// The energy dispersion of a dataset: kernels in reconstructed energy (the default) or
/// migration densities (when the dataset was created with a migra axis).
public enum DatasetEDisp<Geometry: MapGeometry>: Sendable {
    case kernel(EDispKernelMap<Geometry>)
    case migra(EDispMap<Geometry>)
}

/// One row of a dataset's meta table (Gammapy's `meta_table`): which observation went in.
public struct MetaTableRow: Sendable, Equatable {
    public var telescope: String
    public var obsID: Int
    /// Pointing keywords as Gammapy's `FixedPointingInfo.to_fits_header` writes them:
    /// OBS_MODE and either RA_PNT/DEC_PNT or ALT_PNT/AZ_PNT (degrees).
    public var obsMode: String
    public var raPointing: Double?
    public var decPointing: Double?
    public var altPointing: Double?
    public var azPointing: Double?

    public init(telescope: String, obsID: Int, obsMode: String, raPointing: Double? = nil, decPointing: Double? = nil,
                altPointing: Double? = nil, azPointing: Double? = nil) {
        self.telescope = telescope
        self.obsID = obsID
        self.obsMode = obsMode
        self.raPointing = raPointing
        self.decPointing = decPointing
        self.altPointing = altPointing
        self.azPointing = azPointing
    }
}

/// A binned 3D dataset (Gammapy's `MapDataset`): counts, background (counts per bin), exposure
/// (m² s, in true energy), PSF and energy-dispersion maps, safe and fit masks, GTI and the table
/// of observations it was made from. Every map is optional, as in Gammapy.
///
/// Counts, background and masks live on the reconstructed-energy geometry (lon, lat, energy);
/// exposure on (lon, lat, energy_true); PSF and energy dispersion on the coarser IRF geometry.
/// Datasets are values: makers return new datasets.
public struct MapDataset<Geometry: MapGeometry>: Sendable {
    public var name: String
    public var counts: Map<Geometry, Double>?
    public var exposure: Map<Geometry, Double>?
    /// Predicted background counts per bin (no unit).
    public var background: Map<Geometry, Double>?
    public var psf: PSFMap<Geometry>?
    public var edisp: DatasetEDisp<Geometry>?
    public var maskSafe: Map<Geometry, Bool>?
    public var maskFit: Map<Geometry, Bool>?
    public var gti: GTI?
    public var metaTable: [MetaTableRow]
    /// The FoV background model's spectral correction (Gammapy's `FoVBackgroundModel`), set by
    /// the FoV background maker; nil when the background is used as is.
    public var backgroundModel: BackgroundNormModel?
    public var precision: MapPrecision

    public init(name: String, counts: Map<Geometry, Double>? = nil, exposure: Map<Geometry, Double>? = nil,
                background: Map<Geometry, Double>? = nil, psf: PSFMap<Geometry>? = nil, edisp: DatasetEDisp<Geometry>? = nil,
                maskSafe: Map<Geometry, Bool>? = nil, maskFit: Map<Geometry, Bool>? = nil, gti: GTI? = nil,
                metaTable: [MetaTableRow] = [], backgroundModel: BackgroundNormModel? = nil,
                precision: MapPrecision = .float64) {
        self.name = name
        self.counts = counts
        self.exposure = exposure
        self.background = background
        self.psf = psf
        self.edisp = edisp
        self.maskSafe = maskSafe
        self.maskFit = maskFit
        self.gti = gti
        self.metaTable = metaTable
        self.backgroundModel = backgroundModel
        self.precision = precision
    }
}

/// Gammapy's `FoVBackgroundModel` with its default `PowerLawNormSpectralModel`: the background
/// map is scaled by norm × (E / reference)^(−tilt) (E in TeV).
public struct BackgroundNormModel: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        public var value: Double
        public var error: Double
        public var frozen: Bool

        public init(value: Double, error: Double = 0, frozen: Bool = false) {
            self.value = value
            self.error = error
            self.frozen = frozen
        }
    }

    public var norm = Parameter(value: 1)
    public var tilt = Parameter(value: 0, frozen: true)
    /// Reference energy, TeV.
    public var reference = Parameter(value: 1, frozen: true)

    public init(norm: Parameter = Parameter(value: 1), tilt: Parameter = Parameter(value: 0, frozen: true),
                reference: Parameter = Parameter(value: 1, frozen: true)) {
        self.norm = norm
        self.tilt = tilt
        self.reference = reference
    }
}
