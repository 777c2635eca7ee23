import Testing
import DL3
import IRF
import TestSupport

/// Every observation of the shared stores loads its events, GTI, header metadata and every IRF
/// through `Observation`, passing every validation of values read (no false positives on real data).
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct ObservationIRFTests {
    @Test(arguments: ["hess-dl3-dr1", "cta-1dc/index/gps", "magic/rad_max/data", "veritas/crab-point-like-ED"])
    func everyIRFLoads(store: String) throws {
        let dataStore = try DataStore(directory: GammapyData.file(store))
        let observations = try dataStore.observations(required: .allOptional).observations
        let loaded = observations.concurrentMap { observation -> Result<Int, Error> in
            Result {
                _ = try observation.events()
                _ = try observation.gti()
                _ = try observation.metadata()
                var count = 0
                for type in RequiredIRF.allIRFs where observation.has(type) {
                    _ = try observation.irf(type)
                    count += 1
                }
                return count
            }
        }
        for (observation, result) in zip(observations, loaded) {
            #expect(throws: Never.self, "observation \(observation.obsID)") { _ = try result.get() }
        }
        #expect(observations.count == ["hess-dl3-dr1": 105, "cta-1dc/index/gps": 4, "magic/rad_max/data": 2,
                                       "veritas/crab-point-like-ED": 4][store])
    }

    @Test func hessBackgroundsRunInReversedLongitude() throws {
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        guard case .bkg3D(let bkg) = try observation.bkg() else { Issue.record("not bkg_3d"); return }
        #expect(bkg.fovAlignment == .reverseLonRaDec)
        let cta = try DataStore(directory: GammapyData.file("cta-1dc/index/gps")).observation(110380)
        guard case .bkg3D(let ctaBkg) = try cta.bkg() else { Issue.record("not bkg_3d"); return }
        #expect(ctaBkg.fovAlignment == .raDec)
    }

    @Test func radMaxOfPointLikeRuns() throws {
        let magic = try DataStore(directory: GammapyData.file("magic/rad_max/data")).observation(5029747, required: .pointLike)
        #expect(try magic.radMax() != nil)
        let veritas = try DataStore(directory: GammapyData.file("veritas/crab-point-like-ED")).observation(64080, required: .pointLike)
        #expect(try veritas.radMax() != nil)  // fixed RAD_MAX keyword of the point-like IRFs
        let hess = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        #expect(try hess.radMax() == nil)
    }
}
