import Datasets
import Foundation
import GammaMaps
import Sky
import Testing

/// `MapDataset.create` against the empty datasets Gammapy 2.1 writes (`empty_tutorial.fits.gz`,
/// `empty_migra.fits.gz`, made by `scripts/reference/datasets_reference.py`).
@Suite struct MapDatasetCreateTests {
    static func tutorialGeom() throws -> WcsGeom {
        try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.05, frame: .icrs, proj: "CAR",
                           axes: [MapAxis.fromEnergyBounds(1, 10, nbin: 11)])
    }

    static func smallGeom() throws -> WcsGeom {
        try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 2, binsz: 0.1, frame: .icrs, proj: "CAR",
                           axes: [MapAxis.fromEnergyBounds(1, 10, nbin: 3)])
    }

    static func smallTrue() throws -> MapAxis { try MapAxis.fromEnergyBounds(0.5, 20, nbin: 4, name: "energy_true") }
    static func smallRad() throws -> MapAxis { try MapAxis.fromBounds(0, 0.3, nbin: 6, name: "rad", unit: "deg") }

    /// The makers tutorial's empty dataset: 110000 bins, none to fit, the summary Gammapy prints.
    @Test func emptyTutorialDataset() throws {
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, name: "energy_true")
        let empty = try MapDataset<WcsGeom>.create(geom: Self.tutorialGeom(), energyAxisTrue: energyTrue, name: "empty")
        let summary = try empty.summary()
        #expect(summary.nBins == 110000)
        #expect(summary.nFitBins == 0)
        let reference = DatasetsFixture.section("empty_tutorial")
        #expect(empty.description == reference["summary"] as! String)
        // with Gammapy's random name the text differs only on the Name line
        let named = try MapDataset<WcsGeom>.create(geom: Self.tutorialGeom(), energyAxisTrue: energyTrue)
        #expect(named.name.count == 8)
        #expect(named.description == DatasetsFixture.summary(reference["summary"] as! String, renamedTo: named.name))

        // every map as Gammapy makes it: shapes, WCS, units, float32 values, GTI at 2000-01-01 UTC
        let gammapy = try DatasetsFixture.dataset("empty_tutorial.fits.gz")
        #expect(gammapy.name == "empty")
        expectIdentical(empty, gammapy)
        #expect(empty.psf?.psfMap.geom.npix == LonLat(lon: 25, lat: 25))
        #expect(empty.psf?.psfMap.geom.axes.names == ["rad", "energy_true"])
        #expect(empty.psf?.psfMap.unit == "sr-1")
        #expect(empty.gti?.count == 0 && empty.gti?.reference.mjdrefi == 51544 && empty.gti?.reference.timeSystem == .utc)
        #expect(gammapy.precision == .float32)
        #expect(empty.maskFit == nil && empty.metaTable.isEmpty)
    }

    /// With a migra axis: an EDispMap whose diagonal densities Gammapy holds in float64.
    @Test func emptyWithMigraAxis() throws {
        let migra = try MapAxis.fromBounds(0.2, 5, nbin: 10, name: "migra")
        let empty = try MapDataset<WcsGeom>.create(geom: Self.smallGeom(), energyAxisTrue: Self.smallTrue(), migraAxis: migra,
                                          radAxis: Self.smallRad(), binszIRF: 0.5, name: "empty-migra")
        let gammapy = try DatasetsFixture.dataset("empty_migra.fits.gz")
        expectIdentical(empty, gammapy)
        #expect(DatasetsFixture.section("empty_migra")["edisp_dtype"] as? String == "float64")
        guard case .migra(let map) = empty.edisp else { Issue.record("expected an EDispMap"); return }
        #expect(map.edispMap.data.contains { Double(Float($0)) != $0 })
    }

    @Test func geometriesFollowGammapysRules() throws {
        let geoms = try MapDatasetGeoms.create(geom: Self.tutorialGeom(), recoPSF: true)
        #expect(geoms.exposure?.axes.names == ["energy_true"])
        #expect(geoms.exposure?.axes.first?.edges == (try Self.tutorialGeom()).axes.first?.edges)
        #expect(geoms.psf?.axes.names == ["rad", "energy"])
        #expect(geoms.psf?.axes.first?.nbin == 66 && geoms.psf?.axes.first?.edges.last == 0.66)
        #expect(geoms.edisp?.axes.names == ["energy", "energy_true"])
        #expect(throws: DatasetError.self) {
            try MapDatasetGeoms.create(geom: Self.tutorialGeom(), energyAxisTrue: MapAxis.fromEnergyBounds(1, 10, nbin: 3))
        }
        #expect(throws: DatasetError.self) { try MapDatasetGeoms.create(geom: Self.tutorialGeom().toImage()) }
    }
}
