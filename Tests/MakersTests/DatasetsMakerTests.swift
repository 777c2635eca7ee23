import DL3
import Datasets
import GammaMaps
import Sky
import Testing
import TestSupport
@testable import Makers

/// `DatasetsMaker.run(geometries:reference:observations:)` (the reference built while the first
/// observations are reduced) gives exactly what `run(reference, observations:)` gives.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct DatasetsMakerTests {
    @Test func referenceFromGeometriesStacksTheSame() throws {
        let store = try DataStore(directory: GammapyData.file("hess-dl3-dr1"))
        let observations = try [23523, 23592, 23526].map { try store.observation($0) }
        let energy = try MapAxis.fromBounds(1, 10, nbin: 4, name: "energy", unit: "TeV", interp: .log)
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: LonLat(3), binsz: LonLat(0.04),
                                      frame: .icrs, proj: "CAR", axes: [energy])
        let geoms = try MapDatasetGeoms.create(geom: geom, binszIRF: 0.2)
        let maker = DatasetsMaker(makers: [MapDatasetMaker(), try SafeMaskMaker(methods: [.aeffDefault, .offsetMax], offsetMax: 2)])
        let given = try maker.run(try MapDataset<WcsGeom>.fromGeoms(geoms, name: "stacked"), observations: observations)
        let built = try maker.run(geometries: geoms, reference: { try MapDataset<WcsGeom>.fromGeoms(geoms, name: "stacked") },
                                  observations: observations)
        #expect(given.count == 1 && built.count == 1)
        let a = given[0], b = built[0]
        #expect(a.counts == b.counts && a.exposure == b.exposure && a.background == b.background)
        #expect(a.maskSafe == b.maskSafe && a.psf?.psfMap == b.psf?.psfMap && a.psf?.exposureMap == b.psf?.exposureMap)
        #expect(a.metaTable.map(\.obsID) == [23523, 23592, 23526] && b.metaTable.map(\.obsID) == [23523, 23592, 23526])
        #expect(a.counts!.data.reduce(0, +) > 0)
        // unstacked: one dataset per observation, in order
        let separate = DatasetsMaker(makers: maker.makers, stackDatasets: false)
        let each = try separate.run(geometries: geoms, reference: { preconditionFailure("not needed unstacked") },
                                    observations: observations)
        #expect(each.map(\.name) == ["23523", "23592", "23526"])
    }
}
