import FITSIO
import GammaMaps
import Sky

/// What PSF and energy-dispersion maps share (Gammapy's `IRFMap`): an IRF held on a coarse sky
/// map and the exposure map, in m² s, that weights its stacking. Cutout, stacking and FITS I/O
/// are written once, here; each map says which axis it is about and how it is stored.
public protocol IRFMap: Sendable {
    /// The spatial geometry: a sky map (`WcsGeom`) or, for spectra, a region (`RegionGeom`).
    associatedtype Geometry: MapGeometry

    /// The axis the IRF is binned in besides true energy (`rad`, `energy`, `migra`): a map read
    /// from a file must have it, and the exposure map has it squashed to one bin.
    static var irfAxis: String { get }
    /// The HDU name in a MapDataset file (`PSF`, `EDISP`).
    static var hduName: String { get }
    /// Whether the IRF values are float64 whatever the dataset's precision (Gammapy's migration
    /// densities); false: they follow it.
    static var irfAlwaysFloat64: Bool { get }

    var irfMap: Map<Geometry, Double> { get set }
    var exposureMap: Map<Geometry, Double>? { get set }
    init(irfMap: Map<Geometry, Double>, exposureMap: Map<Geometry, Double>?)

    /// Throws unless `map`, read from `hdu` of `file`, has this IRF's axes.
    static func checkAxes(_ map: Map<Geometry, Double>, file: String, hdu: String) throws
}

extension IRFMap {
    public static var irfAlwaysFloat64: Bool { false }

    public static func checkAxes(_ map: Map<Geometry, Double>, file: String, hdu: String) throws {
        guard map.geom.axes.index(of: irfAxis) != nil else {
            throw IRFError(.invalidData, file: file, hdu: hdu, message: "a \(Self.self) needs a '\(irfAxis)' axis, got \(map.geom.axes.names)")
        }
    }
}

/// Cutout, FITS I/O and stacking of IRF maps on sky maps.
extension IRFMap where Geometry == WcsGeom {

    /// The IRF and exposure maps cut out around `position` (Gammapy's `IRFMap.cutout`): each by
    /// `WcsNDMap.cutout` on its own coarse geometry, at least `minNpix` pixels wide (3 by
    /// default, so that interpolation inside a small analysis region still has neighbours).
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim, minNpix: Double = 3) throws -> Self {
        Self(irfMap: try irfMap.cutout(position: position, width: width, mode: mode, minNpix: minNpix),
             exposureMap: try exposureMap?.cutout(position: position, width: width, mode: mode, minNpix: minNpix))
    }

    /// Reads the IRF map from HDU `hdu` and, when the file has it, its exposure map from
    /// `exposureHDU` (default `<hdu>_EXPOSURE`), as Gammapy's `IRFMap.from_hdulist`.
    public static func read(from file: FITSFile, hdu: String = hduName, exposureHDU: String? = nil) throws -> Self {
        let map = try WcsNDMap<Double>.read(from: file, hdu: hdu)
        try checkAxes(map, file: file.path, hdu: hdu)
        let exposureName = (exposureHDU ?? hdu + "_EXPOSURE").uppercased()
        let exposure = file.hdus.contains { $0.name.uppercased() == exposureName } ? try WcsNDMap<Double>.read(from: file, hdu: exposureName) : nil
        return Self(irfMap: map, exposureMap: exposure)
    }

    /// Appends `<hdu>`, `<hdu>_BANDS`, `<hdu>_EXPOSURE`, `<hdu>_EXPOSURE_BANDS` to a file being
    /// written (Gammapy's `IRFMap.to_hdulist`), values as `storage` (the IRF as float64 when
    /// `irfAlwaysFloat64`), `extraCards` in every header.
    public func append(to writer: FITSWriter, hdu: String = hduName, storage: FITSMapStorage, extraCards: [FITSCard] = []) throws {
        try irfMap.append(to: writer, hdu: hdu, storage: Self.irfAlwaysFloat64 ? .float64 : storage, extraCards: extraCards)
        try exposureMap?.append(to: writer, hdu: hdu + "_EXPOSURE", storage: storage, extraCards: extraCards)
    }

    /// Adds `other` (an equal geometry or an aligned cutout) into this map weighted by exposure
    /// (Gammapy's `IRFMap.stack`), in place: irf ← (irf·exposure + w·irf′·exposure′) /
    /// (exposure + w·exposure′), the exposure map becomes the weighted sum, and pixels without
    /// exposure become 0. `weights` is `other`'s safe mask on its IRF geometry with the IRF axis
    /// squashed (`MapDataset.maskSafePSF`, `maskSafeEDisp`): a reconstructed-energy bin outside
    /// the safe range does not contribute. `float32` says this map holds float32 values,
    /// `otherFloat32` the same for `other`; every step rounds as numpy does in those dtypes.
    /// - Throws: when either map has no exposure map, or the geometries do not line up.
    public mutating func stack(_ other: Self, weights: WcsNDMap<Bool>?, float32: Bool, otherFloat32: Bool) throws {
        guard var exposure = exposureMap, let otherExposure = other.exposureMap else {
            throw IRFError(.invalidArgument, file: "", hdu: Self.hduName, message: "missing exposure map for \(Self.self).stack")
        }
        exposureMap = nil  // `exposure` is now the only owner: stacked in place, not copied
        defer { exposureMap = exposure }
        let irfFloat32 = !Self.irfAlwaysFloat64
        try IRFMapStacking.stack(irf: &irfMap, exposure: &exposure, other: other.irfMap, otherExposure: otherExposure,
                                 weights: weights, squashedAxis: Self.irfAxis,
                                 precision: .init(irf: irfFloat32 && float32, exposure: float32,
                                                  otherIRF: irfFloat32 && otherFloat32, otherExposure: otherFloat32))
    }
}
