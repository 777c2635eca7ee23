import DL3
import Datasets
import FITSIO
import Foundation
import GammaMaps
import IRF
import Makers
import Sky
import Testing
import TestSupport

/// Timings of each map of `MapDatasetMaker` for H.E.S.S. run 23592 (IRFs and events loaded
/// once before), printed when `GAMMAKIT_MAKERS_BENCH` is set. Run in release:
/// `GAMMAKIT_MAKERS_BENCH=1 swift test -c release --filter MapDatasetMakerSpeedTests`.
/// Gammapy's times for the same calls: `mapmaker_reference.py --bench`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["GAMMAKIT_MAKERS_BENCH"] != nil && GammapyData.isAvailable))
struct MapDatasetMakerSpeedTests {
    /// `GAMMAKIT_MAKERS_BENCH=background` (or counts, exposure, psf, edisp, run) times only that map.
    static let only = ProcessInfo.processInfo.environment["GAMMAKIT_MAKERS_BENCH"].flatMap { ["1", ""].contains($0) ? nil : $0 }

    static func time(_ label: String, repeats: Int = 7, _ body: () throws -> Void) rethrows {
        if let only, !label.hasSuffix(only) && !label.contains(" \(only) ") { return }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        print("[makers speed] \(label.padding(toLength: 44, withPad: " ", startingAt: 0)) best \(String(format: "%8.2f", times[0])) ms, "
              + "median \(String(format: "%8.2f", times[times.count / 2])) ms")
    }

    @Test(arguments: [0.05, 0.02])
    func perMap(binsz: Double) throws {
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23592)
        for hdu in ["aeff", "edisp", "psf", "bkg"] { _ = try observation.irf(hdu) }
        _ = try observation.events()
        _ = try observation.gti()
        let geom = try ReferenceDatasets.tutorialGeom(binsz: binsz)
        let empty = try ReferenceDatasets.empty(geom: geom, energyTrue: ReferenceDatasets.tutorialTrueAxis(), binszIRF: 0.2)
        let maker = MapDatasetMaker()
        let label = "\(geom.npix.lon)×\(geom.npix.lat) at \(binsz) deg:"
        let psfGeom = try #require(empty.psf?.psfMap.geom)
        guard case .kernel(let edisp) = empty.edisp else { return }
        try Self.time("\(label) counts") { _ = try maker.makeCounts(geom: geom, observation: observation) }
        try Self.time("\(label) exposure") { _ = try maker.makeExposure(geom: try #require(empty.exposure?.geom), observation: observation) }
        try Self.time("\(label) background") { _ = try maker.makeBackground(geom: geom, observation: observation) }
        try Self.time("\(label) psf") { _ = try maker.makePSF(geom: psfGeom, observation: observation) }
        try Self.time("\(label) edisp") { _ = try maker.makeEDispKernel(geom: edisp.edispKernelMap.geom, observation: observation) }
        try Self.time("\(label) run (all, concurrent)") { _ = try maker.run(empty, observation: observation) }
        // the same background declared ALTAZ-aligned: 10 time slices at 1 deg
        guard case .bkg3D(let bkg) = try observation.bkg() else { return }
        let altAz = AnyIRF.bkg3D(try bkg.with(fovAlignment: .altAz).interpolatingMissingData())
        let pointing = try observation.metadata().pointingMode, location = try observation.location()
        let start = try observation.tstart(), ontime = try observation.observationTime()
        try Self.time("\(label) background ALTAZ") {
            _ = try makeMapBackgroundIRF(pointing: pointing, ontime: ontime, bkg: altAz, geom: geom, timeStart: start,
                                         location: location)
        }
    }

    /// Binning ~1.06e6 events (CTA 1DC run 110380 ten times) into 300×250×6 bins: Galactic
    /// with float32 RA/DEC (astropy's transform, the path Gammapy's bins need), Galactic as if the
    /// columns were float64 (the composed rotation), and ICRS (no transform).
    @Test func countsOfAMillionEvents() throws {
        let file = GammapyData.file("cta-1dc/data/baseline/gps/gps_baseline_110380.fits")
        let one = try EventList(table: FITSFile(path: file).table("EVENTS"))
        var events = one
        for _ in 1..<10 {
            events.ra += one.ra
            events.dec += one.dec
            events.energy += one.energy
            events.time += one.time
        }
        let energy = try MapAxis.fromEnergyBounds(0.3, 30, nbin: 6)
        let galactic = try WcsGeom.create(skydir: SkyCoord(l: 0, b: 0), width: LonLat(lon: 6, lat: 5), binsz: 0.02,
                                          frame: .galactic, axes: [energy])
        let icrs = try WcsGeom.create(skydir: SkyCoord(ra: 266.4, dec: -28.9), width: LonLat(lon: 6, lat: 5), binsz: 0.02,
                                      frame: .icrs, axes: [energy])
        var wide = events
        wide.raPrecision = .float64
        wide.decPrecision = .float64
        let label = "counts of \(events.count) events"
        try Self.time("\(label), Galactic, float32 RA/DEC") { _ = try makeCountsMap(events: events, geom: galactic) }
        try Self.time("\(label), Galactic, float64 RA/DEC") { _ = try makeCountsMap(events: wide, geom: galactic) }
        try Self.time("\(label), ICRS") { _ = try makeCountsMap(events: events, geom: icrs) }
    }
}
