import Testing
import DL3
import Sky
import TestSupport

/// Selections and per-observation times against Gammapy 2.1 (numbers printed by gammapy's
/// `DataStore.obs_table.select_sky_circle` / `select_time_range`, `Observation.tmid`,
/// `get_pointing_altaz`, `observation_live_time_duration` on hess-dl3-dr1).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct ObservationSelectionTests {
    let store = try! DataStore(directory: GammapyData.file("hess-dl3-dr1"))

    @Test func coneSelections() throws {
        let table = try #require(store.obsTable)
        #expect(try table.obsIDs(inCone: SkyCoord(ra: 83.63, dec: 22.01), radius: 3) == [23523, 23526, 23559, 23592])
        #expect(try table.obsIDs(inCone: SkyCoord(l: 0, b: 0), radius: 10) == [26850, 26964, 27044, 27121])
        #expect(try table.obsIDs(inCone: SkyCoord(l: 320.3, b: -1.2), radius: 1.5) ==
                [20136, 20137, 20151, 20282, 20283, 20301, 20302, 20303, 20322, 20323, 20324, 20325,
                 20343, 20344, 20345, 20346, 20365, 20366, 20367, 20368])
    }

    @Test func timeSelections() throws {
        let table = try #require(store.obsTable)
        let start = try Time(isot: "2004-12-04T22:00:00", scale: .utc)
        #expect(try table.obsIDs(inTimeRange: start, try Time(isot: "2004-12-08T23:00:00", scale: .utc)) ==
                [23523, 23526, 23559, 23573, 23592])
        #expect(try table.obsIDs(inTimeRange: try Time(isot: "2004-12-04T22:10:00", scale: .utc),
                                 try Time(isot: "2004-12-04T22:40:00", scale: .utc), partialOverlap: true) == [23523])
    }

    @Test func timesPointingAndLivetime() throws {
        let observation = try store.observation(23592)
        let tmid = try observation.tmid()
        #expect(abs(tmid.mjd - 53347.922953518515) < 1e-10)
        let pointing = try observation.pointingICRS(at: tmid)
        #expect(abs(pointing.ra - 82.01333333) < 1e-8 && abs(pointing.dec - 22.01444444) < 1e-8)
        // astropy uses IERS UT1-UTC; without it we differ by a few arcseconds (see Sky docs).
        let altAz = try observation.pointingAltAz(at: tmid)
        #expect(abs(altAz.alt - 42.23071242) < 0.005 && abs(altAz.az - 19.67595125) < 0.005)
        #expect(abs(try observation.liveTime() - 1581.26466581225) < 1e-9)
    }
}
