import DL3
import Datasets
import GammaMaps
import IRF
import Sky

/// Makes the binned maps of one observation on a reference dataset's geometries (Gammapy's
/// `MapDatasetMaker`): counts, exposure, background, PSF and energy dispersion.
///
/// `run` returns a new dataset with the reference's name, the maps on the reference's own
/// geometries (counts and background on the counts geometry, exposure on the exposure geometry,
/// PSF and EDisp on their coarser IRF geometries — an EDispMap when the reference has one, an
/// EDispKernelMap otherwise), a safe mask that is true everywhere, the observation's GTI, a one-row
/// meta table and float64 precision. Maps left out of `selection` are absent, except counts,
/// which are then zero (as in Gammapy).
///
/// ```swift
/// let dataset = try MapDatasetMaker().run(empty, observation: observation)
/// let background = try MapDatasetMaker(selection: [.background], backgroundOversampling: 2).run(empty, observation: observation)
/// ```
public struct MapDatasetMaker: GeometryDatasetMaker {
    public static let tag = "MapDatasetMaker"

    /// A map the maker can make; the raw values are Gammapy's selection names.
    public enum Selection: String, CaseIterable, Sendable, Hashable {
        case counts, exposure, background, psf, edisp
    }

    /// Gammapy's `available_selection`, in its order.
    public static let availableSelection = Selection.allCases

    /// The maps to make (all by default).
    public var selection: Set<Selection>
    /// Energy oversampling factor of the background evaluation (nil: none).
    public var backgroundOversampling: Int?
    /// Fill zero or missing background rates along energy first (Gammapy's
    /// `background_interp_missing_data`; needed for CTA IRFs).
    public var backgroundInterpMissingData: Bool
    /// Pad a `bkg_2d` offset axis by one bin of edge values, so that the edges are not
    /// extrapolated (Gammapy's `background_pad_offset`).
    public var backgroundPadOffset: Bool
    /// Largest field rotation (deg) between the time slices of an ALTAZ-aligned background.
    public var fovRotationStep: Double
    /// UT1 − UTC and polar motion for the AltAz conversions of ALTAZ-aligned backgrounds
    /// (GammaKit only; Gammapy takes them from astropy's IERS tables, which GammaKit does not
    /// ship). The default, zero, moves such backgrounds by up to ~1e-4 relative at steep model
    /// edges (4.5e-6 in the total for H.E.S.S. run 23592); astropy's values reproduce Gammapy to 1e-6.
    public var earthOrientation: EarthOrientation

    public init(selection: Set<Selection> = Set(Selection.allCases), backgroundOversampling: Int? = nil,
                backgroundInterpMissingData: Bool = true, backgroundPadOffset: Bool = true, fovRotationStep: Double = 1,
                earthOrientation: EarthOrientation = .zero) {
        self.selection = selection
        self.backgroundOversampling = backgroundOversampling
        self.backgroundInterpMissingData = backgroundInterpMissingData
        self.backgroundPadOffset = backgroundPadOffset
        self.fovRotationStep = fovRotationStep
        self.earthOrientation = earthOrientation
    }

    /// A maker selecting maps by their Gammapy names (`["counts", "exposure"]`); unknown names
    /// are an error naming them.
    public init(selection names: [String], backgroundOversampling: Int? = nil, backgroundInterpMissingData: Bool = true,
                backgroundPadOffset: Bool = true, fovRotationStep: Double = 1) throws {
        let unknown = names.filter { Selection(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw MapMakingError(.invalidSelection, "MapDatasetMaker: \(unknown) is not a valid selection; choose from "
                                     + Self.availableSelection.map(\.rawValue).joined(separator: ", "))
        }
        self.init(selection: Set(names.compactMap(Selection.init)), backgroundOversampling: backgroundOversampling,
                  backgroundInterpMissingData: backgroundInterpMissingData, backgroundPadOffset: backgroundPadOffset,
                  fovRotationStep: fovRotationStep)
    }

    /// The maps of `observation` on the geometries of `dataset` (see the type's description).
    /// The selected maps are made concurrently. Only the geometries and the name of `dataset`
    /// are used, as in Gammapy.
    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDataset<WcsGeom> {
        guard let geoms = dataset.geometries, dataset.counts != nil else {
            throw MapMakingError(.missingGeometry, "MapDatasetMaker: the reference dataset '\(dataset.name)' has no counts map to take the geometry from")
        }
        return try run(on: geoms, name: dataset.name, observation: observation)
    }

    /// The maps of `observation` on the given geometries, as a dataset called `name`: what `run`
    /// does, without a reference dataset's (unused) data — `DatasetsMaker` cuts out geometries only.
    public var needsSolidAngles: Bool { selection.contains(.background) }

    public func run(on geoms: MapDatasetGeoms, name: String, observation: Observation) throws -> MapDataset<WcsGeom> {
        let countsGeom = geoms.geom
        try checkIRFs(observation)
        let exposureGeom = try geometry(geoms.exposure, .exposure, "exposure", name)
        let psfGeom = try geometry(geoms.psf, .psf, "PSF", name)
        let edispGeom = try geometry(geoms.edisp, .edisp, "energy-dispersion", name)

        let counts = ResultSlot<WcsNDMap<Double>>(), exposure = ResultSlot<WcsNDMap<Double>>()
        let background = ResultSlot<WcsNDMap<Double>>(), psf = ResultSlot<PSFMap<WcsGeom>>(), edisp = ResultSlot<DatasetEDisp<WcsGeom>>()
        var tasks: [@Sendable () throws -> Void] = []
        if selection.contains(.counts) {
            tasks.append { counts.set(try makeCounts(geom: countsGeom, observation: observation)) }
        }
        if selection.contains(.exposure), let exposureGeom {
            tasks.append { exposure.set(try makeExposure(geom: exposureGeom, observation: observation)) }
        }
        if selection.contains(.background) {
            tasks.append { background.set(try makeBackground(geom: countsGeom, observation: observation)) }
        }
        if selection.contains(.psf), let psfGeom {
            tasks.append { psf.set(try makePSF(geom: psfGeom, observation: observation)) }
        }
        if selection.contains(.edisp), let edispGeom {
            if edispGeom.axes.first?.name.lowercased() == "migra" {
                tasks.append { edisp.set(.migra(try makeEDisp(geom: edispGeom, observation: observation))) }
            } else {
                tasks.append { edisp.set(.kernel(try makeEDispKernel(geom: edispGeom, observation: observation))) }
            }
        }
        try runConcurrently(tasks)

        return MapDataset<WcsGeom>(name: name,
                          counts: counts.value ?? WcsNDMap<Double>.fromGeom(countsGeom),
                          exposure: exposure.value,
                          background: background.value,
                          psf: psf.value,
                          edisp: edisp.value,
                          maskSafe: WcsNDMap<Bool>.fromGeom(countsGeom, fill: true),
                          gti: try observation.gti(),
                          metaTable: try Self.makeMetaTable(observation: observation),
                          precision: .float64)
    }

    /// The geometry of a selected map, or an error when the reference dataset has none.
    private func geometry(_ geom: WcsGeom?, _ map: Selection, _ what: String, _ name: String) throws -> WcsGeom? {
        guard selection.contains(map) else { return geom }
        guard let geom else {
            throw MapMakingError(.missingGeometry, "MapDatasetMaker: the reference dataset '\(name)' has no \(what) map "
                                     + "to take the geometry of the selected '\(map.rawValue)' map from")
        }
        return geom
    }

    /// Fails, naming the observation and the IRF, when the observation lacks what a selected map needs.
    func checkIRFs(_ observation: Observation) throws {
        var needed: [(hdu: String, name: String, map: Selection)] = []
        if selection.contains(.counts) { needed.append(("events", "events", .counts)) }
        for map in [Selection.exposure, .psf, .edisp] where selection.contains(map) {
            needed.append(("aeff", "effective area", map))
        }
        if selection.contains(.background) { needed.append(("bkg", "background", .background)) }
        if selection.contains(.psf) { needed.append(("psf", "PSF", .psf)) }
        if selection.contains(.edisp) { needed.append(("edisp", "energy dispersion", .edisp)) }
        for (hdu, name, map) in needed where !observation.has(hdu) {
            throw MapMakingError(.missingIRF, "MapDatasetMaker: observation \(observation.obsID) has no \(name) (\(hdu)), "
                                     + "which the selected '\(map.rawValue)' map needs; it has: "
                                     + observation.availableHDUs.joined(separator: ", "))
        }
    }
}
