import DL3
import Datasets
import GammaMaps
import Makers
import Testing
import TestSupport

/// What `MapDatasetMaker` says when it cannot make a selected map.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct MapDatasetMakerErrorTests {
    @Test func observationWithoutTheIRFASelectedMapNeeds() throws {
        // MAGIC's point-like run has effective area, energy dispersion and RAD_MAX, no PSF or background
        let observation = try DataStore(directory: GammapyData.file("magic/rad_max/data")).observation(5029747, required: .pointLike)
        let empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2)
        for (selection, irf) in [(MapDatasetMaker.Selection.background, "bkg"), (.psf, "psf")] {
            let error = try #require(throws: MapMakingError.self) {
                try MapDatasetMaker(selection: [.counts, .exposure, selection]).run(empty, observation: observation)
            }
            #expect(error.kind == .missingIRF)
            #expect(error.message.contains("observation 5029747"))
            #expect(error.message.contains("(\(irf))"))
            #expect(error.message.contains("'\(selection.rawValue)'"))
        }
        // the maps it can make, it makes
        let dataset = try MapDatasetMaker(selection: [.counts, .exposure, .edisp]).run(empty, observation: observation)
        #expect(dataset.exposure != nil && dataset.background == nil && dataset.psf == nil)
        guard case .kernel = dataset.edisp else { Issue.record("no EDisp kernel map"); return }
    }

    @Test func unknownSelectionName() {
        let error = #expect(throws: MapMakingError.self) { try MapDatasetMaker(selection: ["counts", "aeff"]) }
        #expect(error?.kind == .invalidSelection)
        #expect(error?.description.contains("aeff") == true)
        #expect(throws: Never.self) { try MapDatasetMaker(selection: ["counts", "exposure", "background", "psf", "edisp"]) }
    }

    @Test func referenceDatasetWithoutPSFGeometry() throws {
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23592)
        var empty = try ReferenceDatasets.empty(geom: ReferenceDatasets.tutorialGeom(),
                                                energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2)
        empty.psf = nil
        let error = try #require(throws: MapMakingError.self) {
            try MapDatasetMaker(selection: [.psf]).run(empty, observation: observation)
        }
        #expect(error.kind == .missingGeometry)
        #expect(try MapDatasetMaker(selection: [.counts]).run(empty, observation: observation).psf == nil)
    }
}
