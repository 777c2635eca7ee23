import DL3
import Foundation
import GammaMaps
import IRF
import Sky

/// The geometries of a dataset's maps (Gammapy's `create_map_dataset_geoms`).
public struct MapDatasetGeoms: Sendable, Equatable {
    /// Counts, background and masks: the reconstructed-energy geometry.
    public var geom: WcsGeom
    /// Exposure: the same image with `energy_true` (and any extra axes).
    public var exposure: WcsGeom?
    /// PSF: the coarser IRF image with `rad` and `energy_true` (or `energy`).
    public var psf: WcsGeom?
    /// Energy dispersion: the IRF image with `energy` and `energy_true`, or `migra` and
    /// `energy_true` for an `EDispMap`.
    public var edisp: WcsGeom?

    public init(geom: WcsGeom, exposure: WcsGeom? = nil, psf: WcsGeom? = nil, edisp: WcsGeom? = nil) {
        self.geom = geom
        self.exposure = exposure
        self.psf = psf
        self.edisp = edisp
    }

    /// The geometries Gammapy's `MapDataset.create` uses for a reconstructed-energy geometry
    /// `geom` (axes `energy` and possibly extra axes after it):
    ///
    /// - exposure: `geom`'s image with `energyAxisTrue` (default: the `energy` axis renamed
    ///   `energy_true`) followed by the extra axes;
    /// - IRF image: `geom`'s image re-binned to `binszIRF` degrees with the same centre and width
    ///   (`WcsGeom.toBinsz`; 25 × 25 pixels of 0.2° for a 5° map);
    /// - PSF: the IRF image with `radAxis` (default 66 bins from 0 to 0.66°) and `energy_true`
    ///   (`energy` with `recoPSF`);
    /// - energy dispersion: the IRF image with `migraAxis` and `energy_true` when a migra axis is
    ///   given, else with `energy` and `energy_true`.
    /// - Throws: when `geom` has no `energy` axis or `energyAxisTrue` is not named `energy_true`.
    public static func create(geom: WcsGeom, energyAxisTrue: MapAxis? = nil, migraAxis: MapAxis? = nil,
                              radAxis: MapAxis? = nil, binszIRF: Double = MapDataset<WcsGeom>.defaultBinszIRF,
                              recoPSF: Bool = false) throws -> MapDatasetGeoms {
        guard let energy = geom.axes.index(of: "energy").map({ geom.axes[$0] }) else {
            throw DatasetError(.invalidArgument, subject: "geom", message: "the geometry needs an 'energy' axis, got \(geom.axes.names)")
        }
        if let energyAxisTrue, energyAxisTrue.name != "energy_true" {
            throw DatasetError(.invalidArgument, subject: "energyAxisTrue",
                               message: "the true-energy axis must be named 'energy_true', got '\(energyAxisTrue.name)'")
        }
        let trueAxis = energyAxisTrue ?? energy.renamed("energy_true")
        let rad = radAxis ?? MapDataset<WcsGeom>.defaultRadAxis
        let external = Array(try geom.axes.drop("energy"))
        let image = geom.toImage()
        let exposure = try image.toCube([trueAxis] + external)
        let irf = try image.toBinsz(LonLat(lon: binszIRF, lat: binszIRF))
        let psf = try irf.toCube([rad, recoPSF ? energy : trueAxis] + external)
        let edisp = try irf.toCube([migraAxis ?? energy, trueAxis] + external)
        return MapDatasetGeoms(geom: geom, exposure: exposure, psf: psf, edisp: edisp)
    }
}

/// Gammapy's defaults for datasets made empty (`MapDataset.create`).
public enum MapDatasetDefaults {
    /// Gammapy's `RAD_AXIS_DEFAULT`: 66 bins of 0.01° from 0 to 0.66°.
    public static let radAxis = try! MapAxis.fromBounds(0, 0.66, nbin: 66, name: "rad", unit: "deg")
    /// Gammapy's `MIGRA_AXIS_DEFAULT`: 48 linear bins from 0.2 to 5.
    public static let migraAxis = try! MapAxis.fromBounds(0.2, 5, nbin: 48, name: "migra")
    /// Gammapy's `BINSZ_IRF_DEFAULT`: 0.2°.
    public static let binszIRF = 0.2
    /// The GTI reference of an empty dataset, Gammapy's `reference_time="2000-01-01"`: astropy
    /// reads the string as UTC, so the GTI table says MJDREFI = 51544, MJDREFF = 0, TIMESYS = 'utc'.
    public static let referenceTime = try! TimeReference(mjdrefi: 51544, mjdreff: 0, scale: .utc)

    /// A random dataset name shaped like Gammapy's `make_name()`: the first 8 characters of the
    /// URL-safe base64 encoding of 16 random bytes (`eTDenypO`, `cYCmXO-d`, `_8Tu__9B`).
    public static func makeName() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return String(base64.prefix(8))
    }
}

extension MapDataset<WcsGeom> {
    public static var defaultRadAxis: MapAxis { MapDatasetDefaults.radAxis }
    public static var defaultMigraAxis: MapAxis { MapDatasetDefaults.migraAxis }
    public static var defaultBinszIRF: Double { MapDatasetDefaults.binszIRF }
    public static var defaultReferenceTime: TimeReference { MapDatasetDefaults.referenceTime }

    /// A random dataset name shaped like Gammapy's `make_name()` (`MapDatasetDefaults.makeName`).
    public static func makeName() -> String { MapDatasetDefaults.makeName() }

    /// An empty dataset shaped as Gammapy's `MapDataset.create` makes it (see
    /// `MapDatasetGeoms.create` for the geometries): zero counts and background on `geom`, zero
    /// exposure (m² s), an empty `PSFMap` (sr⁻¹), an `EDispKernelMap` with a diagonal response
    /// (an `EDispMap` when `migraAxis` is given), a safe mask that is false everywhere, no fit
    /// mask, an empty GTI with reference `referenceTime` and no meta-table rows. Maps are float32
    /// (`precision == .float32`), as Gammapy's `Map.from_geom`, except the migration densities of
    /// an `EDispMap`, which Gammapy computes in float64.
    ///
    /// `name` defaults to a random Gammapy-like name (`makeName()`).
    public static func create(geom: WcsGeom, energyAxisTrue: MapAxis? = nil, migraAxis: MapAxis? = nil,
                              radAxis: MapAxis? = nil, binszIRF: Double = defaultBinszIRF,
                              referenceTime: TimeReference = defaultReferenceTime, name: String? = nil,
                              recoPSF: Bool = false) throws -> MapDataset<WcsGeom> {
        let geoms = try MapDatasetGeoms.create(geom: geom, energyAxisTrue: energyAxisTrue, migraAxis: migraAxis,
                                               radAxis: radAxis, binszIRF: binszIRF, recoPSF: recoPSF)
        return try fromGeoms(geoms, referenceTime: referenceTime, name: name)
    }

    /// An empty float32 dataset on the given geometries (Gammapy's `MapDataset.from_geoms`):
    /// maps that have no geometry are left out; an energy-dispersion geometry with an `energy`
    /// axis gives an `EDispKernelMap`, one without an `EDispMap`.
    public static func fromGeoms(_ geoms: MapDatasetGeoms, referenceTime: TimeReference = defaultReferenceTime,
                                 name: String? = nil) throws -> MapDataset<WcsGeom> {
        var dataset = MapDataset<WcsGeom>(name: name ?? makeName(), precision: .float32)
        dataset.counts = .fromGeom(geoms.geom)
        dataset.background = .fromGeom(geoms.geom)
        if let g = geoms.exposure { dataset.exposure = .fromGeom(g, unit: "m2 s") }
        if let g = geoms.edisp {
            if g.axes.index(of: "energy") != nil {
                var kernel = try EDispKernelMap<WcsGeom>.fromGeom(g)
                kernel.edispKernelMap.data = kernel.edispKernelMap.data.map { Double(Float($0)) }
                dataset.edisp = .kernel(kernel)
            } else {
                dataset.edisp = .migra(try EDispMap<WcsGeom>.fromGeom(g))
            }
        }
        if let g = geoms.psf { dataset.psf = try PSFMap<WcsGeom>.fromGeom(g) }
        dataset.gti = GTI(start: [], stop: [], reference: referenceTime)
        dataset.maskSafe = .fromGeom(geoms.geom)
        return dataset
    }
}
