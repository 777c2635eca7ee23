import Foundation
import Testing
import DL3
import TestSupport

/// Events and GTIs of every observation of the shared data stores, against astropy's reading
/// (fixture made by scripts/reference/events_reference.py with gammapy 2.1).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct EventReferenceTests {
    struct Reference: Decodable {
        let n_events: Int
        let sum_ra: Double
        let sum_dec: Double
        let sum_energy_tev: Double
        let sum_time_met: Double
        let gti_sum_s: Double
        let deadtime_fraction: Double
        let colnames: [String]
    }

    struct Fixture: Decodable {
        let stores: [String: [String: Reference]]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "events-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static let stores = ["hess-dl3-dr1", "cta-1dc/index/gps", "magic/rad_max/data", "veritas/crab-point-like-ED"]

    @Test(arguments: stores)
    func eventsEqualAstropys(store: String) throws {
        let references = try #require(Self.fixture.stores[store])
        let dataStore = try DataStore(directory: GammapyData.file(store))
        #expect(dataStore.obsIDs.count == references.count)
        let (observations, skipped) = try dataStore.observations(required: .allOptional)
        #expect(skipped.isEmpty)
        for observation in observations {
            let reference = try #require(references[String(observation.obsID)])
            let events = try observation.events()
            #expect(events.count == reference.n_events)
            #expect(relative(events.ra.reduce(0, +), reference.sum_ra) < 1e-12, "obs \(observation.obsID) RA")
            #expect(relative(events.dec.reduce(0, +), reference.sum_dec) < 1e-12, "obs \(observation.obsID) DEC")
            #expect(relative(events.energy.reduce(0, +), reference.sum_energy_tev) < 1e-12, "obs \(observation.obsID) ENERGY")
            #expect(relative(events.time.reduce(0, +), reference.sum_time_met) < 1e-12, "obs \(observation.obsID) TIME")
            let columns = Set(["RA", "DEC", "ENERGY", "TIME"] + events.otherColumns.map(\.name))
            #expect(columns == Set(reference.colnames))
            let gti = try observation.gti()
            #expect(abs(gti.timeSum - reference.gti_sum_s) < 1e-6)
            #expect(abs(try observation.metadata().deadtimeFraction - reference.deadtime_fraction) < 1e-12)
        }
    }

    private func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
}
