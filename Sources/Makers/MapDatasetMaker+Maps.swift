import DL3
import Datasets
import GammaMaps
import IRF
import Sky

/// The single maps of `MapDatasetMaker`, each on a given geometry (Gammapy's `make_counts`,
/// `make_exposure`, `make_background`, `make_psf`, `make_edisp`, `make_edisp_kernel`,
/// `make_meta_table`).
extension MapDatasetMaker {
    /// Counts: the observation's events binned in position and reconstructed energy.
    public func makeCounts(geom: WcsGeom, observation: Observation) throws -> WcsNDMap<Double> {
        try makeCountsMap(events: observation.events(), geom: geom)
    }

    /// Exposure (m² s) at the pointing at mid-time, with the dead-time-corrected live time.
    public func makeExposure(geom: WcsGeom, observation: Observation) throws -> WcsNDMap<Double> {
        try makeMapExposureTrueEnergy(pointing: observation.pointingICRS(at: observation.tmid()),
                                      livetime: observation.liveTime(), aeff: observation.aeff(), geom: geom)
    }

    /// Predicted background counts: missing rates filled along energy and a `bkg_2d` offset
    /// axis padded (as configured), then `makeMapBackgroundIRF` over the observation time from
    /// the start of the first GTI.
    public func makeBackground(geom: WcsGeom, observation: Observation) throws -> WcsNDMap<Double> {
        var bkg = try observation.bkg()
        if backgroundInterpMissingData {
            switch bkg {
            case .bkg2D(let b): bkg = .bkg2D(try b.interpolatingMissingData())
            case .bkg3D(let b): bkg = .bkg3D(try b.interpolatingMissingData())
            default: break
            }
        }
        if backgroundPadOffset, case .bkg2D(let b) = bkg {
            bkg = .bkg2D(try b.paddedOffset())
        }
        var location: EarthLocation?
        if case .bkg3D(let b) = bkg, b.fovAlignment == .altAz {
            location = try observation.location()
        }
        return try makeMapBackgroundIRF(pointing: observation.metadata().pointingMode, ontime: observation.observationTime(),
                                        bkg: bkg, geom: geom, timeStart: observation.tstart(),
                                        fovRotationStep: fovRotationStep, oversampling: backgroundOversampling,
                                        location: location, earthOrientation: earthOrientation)
    }

    /// The PSF map on `geom` (axes rad, energy_true) with its exposure on `geom` squashed along rad.
    public func makePSF(geom: WcsGeom, observation: Observation) throws -> PSFMap<WcsGeom> {
        let exposure = try makeExposure(geom: geom.squash(axisName: "rad"), observation: observation)
        return try makePSFMap(psf: observation.psf(), pointing: observation.pointingICRS(at: observation.tmid()),
                              geom: geom, exposureMap: exposure)
    }

    /// The migration map on `geom` (axes migra, energy_true) with its exposure on `geom`
    /// squashed along migra.
    public func makeEDisp(geom: WcsGeom, observation: Observation) throws -> EDispMap<WcsGeom> {
        let exposure = try makeExposure(geom: geom.squash(axisName: "migra"), observation: observation)
        return try makeEDispMap(edisp: observation.edisp(), pointing: observation.pointingICRS(at: observation.tmid()),
                                geom: geom, exposureMap: exposure)
    }

    /// The kernel map on `geom` (axes energy, energy_true) with its exposure on `geom` squashed
    /// along energy.
    public func makeEDispKernel(geom: WcsGeom, observation: Observation) throws -> EDispKernelMap<WcsGeom> {
        let exposure = try makeExposure(geom: geom.squash(axisName: "energy"), observation: observation)
        return try makeEDispKernelMap(edisp: observation.edisp(), pointing: observation.pointingICRS(at: observation.tmid()),
                                      geom: geom, exposureMap: exposure)
    }

    /// The one-row meta table: TELESCOP of the effective area ("Unknown" without one), OBS_ID,
    /// and the pointing as Gammapy's `FixedPointingInfo.to_fits_header` writes it.
    public static func makeMetaTable(observation: Observation) throws -> [MetaTableRow] {
        var telescope = "Unknown"
        if observation.has("aeff"), let value = try observation.aeff().meta.string("TELESCOP") {
            telescope = value
        }
        switch try observation.metadata().pointingMode {
        case .pointing(let ra, let dec):
            return [MetaTableRow(telescope: telescope, obsID: observation.obsID, obsMode: "POINTING",
                                 raPointing: ra, decPointing: dec)]
        case .drift(let alt, let az):
            return [MetaTableRow(telescope: telescope, obsID: observation.obsID, obsMode: "DRIFT",
                                 altPointing: alt, azPointing: az)]
        }
    }
}
