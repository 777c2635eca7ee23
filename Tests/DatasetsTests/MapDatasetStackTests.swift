import DL3
import Datasets
import Foundation
import GammaMaps
import Sky
import Testing

/// `stack`, `cutout` and `copy` against Gammapy 2.1 on small synthetic datasets
/// (`stack_*.fits.gz`, `cutout_*.fits.gz` from `scripts/reference/datasets_reference.py`): two
/// float64 cutouts with random maps, partial safe masks, a NaN exposure bin and (for the second)
/// a fit mask and a FoV background model, stacked into a float32 empty dataset.
@Suite struct MapDatasetStackTests {
    static func base(migra: Bool = false, name: String) throws -> MapDataset<WcsGeom> {
        try MapDataset<WcsGeom>.create(geom: MapDatasetCreateTests.smallGeom(), energyAxisTrue: MapDatasetCreateTests.smallTrue(),
                              migraAxis: migra ? MapAxis.fromBounds(0.2, 5, nbin: 10, name: "migra") : nil,
                              radAxis: MapDatasetCreateTests.smallRad(), binszIRF: 0.5, name: name)
    }

    static func stacked() throws -> MapDataset<WcsGeom> {
        let reference = DatasetsFixture.section("stack")
        var stacked = try base(name: "stacked")
        stacked.maskFit = .fromGeom(try stacked.geom)
        let ds1 = try DatasetsFixture.dataset("stack_ds1.fits.gz")
        var ds2 = try DatasetsFixture.dataset("stack_ds2.fits.gz")
        #expect(ds1.precision == .float64 && ds2.precision == .float64)
        ds2.backgroundModel = BackgroundNormModel(norm: .init(value: reference["ds2_norm"] as! Double),
                                                  tilt: .init(value: reference["ds2_tilt"] as! Double, frozen: true))
        try stacked.stack(ds1)
        try stacked.stack(ds2)
        return stacked
    }

    @Test func stackAsGammapy() throws {
        let stacked = try Self.stacked()
        let gammapy = try DatasetsFixture.dataset("stack_result.fits.gz")
        // every map bit for bit: float32 arithmetic reproduced step by step
        expectIdentical(stacked, gammapy)
        let reference = DatasetsFixture.section("stack")
        #expect(stacked.exposure?.meta["livetime"] == reference["livetime"] as? String)
        #expect(closeTimes(stacked.gti?.start, reference["gti_start"] as? [Double]))
        #expect(closeTimes(stacked.gti?.stop, reference["gti_stop"] as? [Double]))
        #expect(stacked.gti?.count == 2)
        #expect(stacked.metaTable.map(\.obsID) == [111, 222])
        #expect(stacked.description == reference["summary"] as! String)
    }

    @Test func stackMigraAsGammapy() throws {
        var stacked = try Self.base(migra: true, name: "stacked-migra")
        try stacked.stack(try DatasetsFixture.dataset("stack_ds3_migra.fits.gz"))
        expectIdentical(stacked, try DatasetsFixture.dataset("stack_result_migra.fits.gz"))
    }

    @Test func cutoutAsGammapy() throws {
        let stacked = try DatasetsFixture.dataset("stack_result.fits.gz")
        let reference = DatasetsFixture.section("stack")
        let p = reference["cutout_position"] as! [Double], w = reference["cutout_width"] as! [Double]
        let position = SkyCoord(ra: p[0], dec: p[1])
        let trim = try stacked.cutout(position: position, width: LonLat(lon: w[0], lat: w[1]), mode: .trim, name: "cut-trim")
        expectIdentical(trim, try DatasetsFixture.dataset("cutout_trim.fits.gz"))
        let partial = try stacked.cutout(position: position, width: LonLat(lon: w[0], lat: w[1]), mode: .partial, name: "cut-partial")
        expectIdentical(partial, try DatasetsFixture.dataset("cutout_partial.fits.gz"))
        #expect(trim.name == "cut-trim" && trim.gti == stacked.gti && trim.metaTable == stacked.metaTable)
        #expect(throws: MapError.self) {
            try stacked.cutout(position: SkyCoord(ra: 120, dec: -40), width: 1)
        }
    }

    @Test func copyRenamesAndDropsTheModel() throws {
        var dataset = try DatasetsFixture.dataset("stack_ds2.fits.gz")
        dataset.backgroundModel = BackgroundNormModel()
        let copy = dataset.copy(name: "other")
        #expect(copy.name == "other" && copy.backgroundModel == nil)
        expectIdentical(copy, dataset)
        #expect(dataset.copy().name != dataset.name)
    }

    /// Gammapy's `GTI.union`: sorted, overlapping and touching intervals merged.
    @Test func gtiUnion() throws {
        let reference = try TimeReference(mjdrefi: 53000, mjdreff: 0, scale: .tt)
        let gti = GTI(start: [50, 0, 100, 300], stop: [120, 60, 200, 310], reference: reference).union()
        #expect(gti.start == [0, 300] && gti.stop == [200, 310])
        let later = try TimeReference(mjdrefi: 53000, mjdreff: 100.0 / 86400, scale: .tt)
        let stacked = GTI(start: [0], stop: [10], reference: reference).stacked(with: GTI(start: [0], stop: [5], reference: later))
        #expect(stacked.start.count == 2 && abs(stacked.start[1] - 100) < 1e-6 && stacked.reference == reference)
    }

    @Test func stackingIncompatibleDatasetsFails() throws {
        var kernel = try Self.base(name: "a")
        let migra = try Self.base(migra: true, name: "b")
        #expect(throws: DatasetError.self) { try kernel.stack(migra) }
        let other = try MapDataset<WcsGeom>.create(geom: MapDatasetCreateTests.tutorialGeom(), name: "c")
        #expect(throws: DatasetError.self) { try kernel.stack(other) }
    }

    /// Gammapy's `stack_reduce`: the first dataset masked into an empty one, the others stacked.
    @Test func stackReduce() throws {
        let datasets = try Datasets([DatasetsFixture.dataset("stack_result.fits.gz")])
        let reduced = try datasets.stackReduce(name: "reduced")
        #expect(reduced.name == "reduced" && reduced.precision == .float32)
        let original = datasets.mapDatasets[0]
        let inside = zip(original.counts!.data, original.maskSafe!.data).filter { $0.1 }.map(\.0).reduce(0, +)
        #expect(reduced.counts!.data.reduce(0, +) == inside)
    }
}

