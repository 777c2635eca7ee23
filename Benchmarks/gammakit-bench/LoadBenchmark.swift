import GammaKit

/// Opens a data store and loads every observation's events, GTI and IRFs, in parallel.
enum LoadBenchmark {
    static func run(dataStore: String) throws -> (observations: Int, events: Int) {
        let store = try DataStore(directory: dataStore)
        let observations = try store.observations(required: .allOptional).observations
        let counts = observations.concurrentMap { observation -> Result<Int, Error> in
            Result {
                let events = try observation.events()
                _ = try observation.gti()
                _ = try observation.metadata()
                for irf in RequiredIRF.allIRFs where observation.has(irf) { _ = try observation.irf(irf) }
                observation.releaseFiles()  // everything is parsed: the raw bytes are not needed
                return events.count
            }
        }
        return (observations.count, try counts.map { try $0.get() }.reduce(0, +))
    }
}
