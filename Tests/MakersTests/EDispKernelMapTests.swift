import DL3
import Datasets
import GammaMaps
import IRF
import Makers
import Testing
import TestSupport

/// `makeEDispKernelMap` works from cumulative sums at the IRF's offset centres; it must give the
/// kernels of the migration cube (`makeEDispMap` + `EDispMap.toEDispKernelMap`, Gammapy's route)
/// in every bin — including the pixels near the pointing and at large offsets that extrapolate
/// beyond the outer offset centres and go the column-by-column way.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct EDispKernelMapTests {
    @Test(arguments: ["hess", "cta"])
    func kernelsFromNodesMatchTheMigrationCube(instrument: String) throws {
        let observation: Observation
        let geom: WcsGeom
        if instrument == "hess" {
            observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23592)
            geom = try ReferenceDatasets.tutorialGeom().toImage().toBinsz(0.1)
                .toCube([ReferenceDatasets.tutorialGeom().axes[0], ReferenceDatasets.tutorialTrueAxis()])
        } else {
            observation = try DataStore(directory: GammapyData.file("cta-1dc/index/gps")).observation(110380)
            // wide enough to reach beyond the outer offset centres
            geom = try WcsGeom.create(skydir: observation.pointingICRS(at: observation.tmid()), width: 14, binsz: 0.25,
                                      axes: [ReferenceDatasets.ctaGeom().axes[0], ReferenceDatasets.ctaTrueAxis()])
        }
        let edisp = try observation.edisp()
        let pointing = try observation.pointingICRS(at: observation.tmid())
        let fromNodes = try makeEDispKernelMap(edisp: edisp, pointing: pointing, geom: geom)
        let migraGeom = try geom.toImage().toCube([edisp.migraAxis, geom.axes[1]])
        let cube = try makeEDispMap(edisp: edisp, pointing: pointing, geom: migraGeom).toEDispKernelMap(energyAxis: geom.axes[0])
        let a = fromNodes.edispKernelMap.data, b = cube.edispKernelMap.data
        #expect(a.count == b.count)
        var worst = 0.0
        for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
        #expect(worst < 1e-12, "largest difference \(worst)")
        #expect(b.contains { $0 > 0 } && a.reduce(0, +) > 0)
    }
}
