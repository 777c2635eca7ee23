import Datasets
import GammaMaps
import IRF
import Sky

/// The geometries of the test cases, built as `mapmaker_reference.py` builds them, and empty
/// reference datasets as Gammapy's `MapDataset.create(geom, energy_axis_true, migra_axis,
/// binsz_irf)` lays them out (the datasets layer's own `create` lives on another branch).
enum ReferenceDatasets {
    /// The makers tutorial: ICRS CAR at (83.63, 22.01), 5 deg, energy 1–10 TeV in 11 bins.
    static func tutorialGeom(binsz: Double = 0.05) throws -> WcsGeom {
        try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: LonLat(binsz), frame: .icrs, proj: "CAR",
                           axes: [MapAxis.fromEnergyBounds(1, 10, nbin: 11)])
    }

    static func tutorialTrueAxis() throws -> MapAxis {
        try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, name: "energy_true")
    }

    /// Around CTA 1DC run 110380's pointing: Galactic CAR at (0, -1.3), 4 × 3 deg, 0.1–100 TeV in 8 bins.
    static func ctaGeom() throws -> WcsGeom {
        try WcsGeom.create(skydir: SkyCoord(l: 0, b: -1.3), width: LonLat(lon: 4, lat: 3), binsz: 0.05, frame: .galactic,
                           proj: "CAR", axes: [MapAxis.fromEnergyBounds(0.1, 100, nbin: 8)])
    }

    static func ctaTrueAxis() throws -> MapAxis {
        try MapAxis.fromEnergyBounds(0.05, 150, nbin: 12, name: "energy_true")
    }

    /// Gammapy's `RAD_AXIS_DEFAULT`: 0–0.66 deg in 66 bins.
    static func defaultRadAxis() throws -> MapAxis {
        try MapAxis.fromBounds(0, 0.66, nbin: 66, name: "rad", unit: "deg")
    }

    /// An empty dataset with Gammapy's layout: counts on `geom`, exposure on its image with
    /// `energyTrue`, PSF (rad, energy_true) and EDisp ((energy or migra), energy_true) on the
    /// image resampled to `binszIRF`.
    static func empty(geom: WcsGeom, energyTrue: MapAxis, binszIRF: Double, migra: MapAxis? = nil,
                      name: String = "test") throws -> MapDataset<WcsGeom> {
        let image = geom.toImage()
        let irfImage = try image.toBinsz(LonLat(binszIRF))
        let energy = try geom.axes.axis(named: "energy")
        let psfGeom = try irfImage.toCube([defaultRadAxis(), energyTrue])
        let edisp: DatasetEDisp<WcsGeom>
        if let migra {
            edisp = .migra(EDispMap<WcsGeom>(edispMap: .fromGeom(try irfImage.toCube([migra, energyTrue]))))
        } else {
            edisp = .kernel(EDispKernelMap<WcsGeom>(edispKernelMap: .fromGeom(try irfImage.toCube([energy, energyTrue]))))
        }
        return MapDataset<WcsGeom>(name: name, counts: .fromGeom(geom), exposure: .fromGeom(try image.toCube([energyTrue])),
                          background: .fromGeom(geom), psf: PSFMap<WcsGeom>(psfMap: .fromGeom(psfGeom)), edisp: edisp,
                          precision: .float32)
    }
}
