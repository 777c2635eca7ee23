import Foundation
import Testing
import DL3
import FITSIO
import IRF
import TestSupport

/// Header values, events, GTIs and IRFs that would give silently wrong results are errors naming
/// the observation, file, HDU and keyword or column. Each test damages one value of a small run
/// written here.
struct ObservationValidationTests {
    static let obsID = 23523

    /// A written one-run store and the run's file.
    struct Run {
        let directory = TemporaryDirectory()
        var path: String { directory.file("run.fits") }

        /// The run with a 3-event EVENTS HDU (header cards in `header` replace the defaults), a GTI
        /// and, when `effArea` is given, an AEFF HDU of 2 energies × 1 offset.
        init(header: [FITSCard] = [], ra: [Double] = [83.6, 83.7, 83.5], dec: [Double] = [22, 22.1, 21.9],
             energy: [Double] = [1, 2, 3], start: [Double] = [0, 20], stop: [Double] = [10, 30], effArea: [Float]? = nil) throws {
            var cards = [FITSCard("RA_PNT", .double(83.6)), FITSCard("DEC_PNT", .double(22)), FITSCard("DEADC", .double(0.9)),
                         FITSCard("ONTIME", .double(20)), FITSCard("LIVETIME", .double(18))]
            for card in header {
                if let i = cards.firstIndex(where: { $0.key == card.key }) { cards[i] = card } else { cards.append(card) }
            }
            let time = [FITSCard("MJDREFI", .int(51910)), FITSCard("MJDREFF", .double(7.428703703703703e-4))]
            let writer = try FITSWriter(path: path)
            try writer.writeTable(name: "EVENTS", columns: [
                FITSColumn("RA", .double(ra), unit: "deg"), FITSColumn("DEC", .double(dec), unit: "deg"),
                FITSColumn("ENERGY", .double(energy), unit: "TeV"), FITSColumn("TIME", .double([1, 2, 3]), unit: "s"),
            ], rowCount: 3, header: cards + time)
            try writer.writeTable(name: "GTI", columns: [FITSColumn("START", .double(start)), FITSColumn("STOP", .double(stop))],
                                  rowCount: start.count, header: time)
            var types = ["events", "gti"]
            if let effArea {
                try writer.writeTable(name: "AEFF", columns: [
                    FITSColumn("ENERG_LO", .float([0.1, 1]), repeatCount: 2, unit: "TeV"),
                    FITSColumn("ENERG_HI", .float([1, 10]), repeatCount: 2, unit: "TeV"),
                    FITSColumn("THETA_LO", .float([0]), unit: "deg"), FITSColumn("THETA_HI", .float([2]), unit: "deg"),
                    FITSColumn("EFFAREA", .float(effArea), repeatCount: 2, dimensions: [2, 1], unit: "m2"),
                ], rowCount: 1)
                types.append("aeff")
            }
            try writer.commit()
            let index = try FITSWriter(path: directory.file("hdu-index.fits.gz"))
            try index.writeTable(name: "HDU_INDEX", columns: [
                FITSColumn("OBS_ID", .int64(types.map { _ in Int64(ObservationValidationTests.obsID) })),
                FITSColumn("HDU_TYPE", .string(types)),
                FITSColumn("HDU_CLASS", .string(types.map { $0 == "aeff" ? "aeff_2d" : $0 })),
                FITSColumn("FILE_DIR", .string(types.map { _ in "." })),
                FITSColumn("FILE_NAME", .string(types.map { _ in "run.fits" })),
                FITSColumn("HDU_NAME", .string(types.map { $0.uppercased() })),
            ], rowCount: types.count)
            try index.commit()
        }

        func observation() throws -> Observation {
            try DataStore(directory: directory.path).observation(ObservationValidationTests.obsID, required: .allOptional)
        }
    }

    /// Whether `error` is an invalid-data DL3Error naming the run, its file, `hdu`, `location`
    /// ("keyword DEADC", "column STOP") and saying `what`.
    static func names(_ error: any Error, _ run: Run, hdu: String, _ location: String, _ what: String) -> Bool {
        guard let e = error as? DL3Error, e.kind == .invalidData else { return false }
        return e.message == "observation \(obsID): \(run.path), HDU \(hdu), \(location): \(what)"
    }

    @Test func aWellFormedRunReads() throws {
        let run = try Run(effArea: [0, 5e4])
        let observation = try run.observation()
        #expect(try observation.events().count == 3)
        #expect(abs(try observation.liveTime() - 18) < 1e-9)
        #expect(try observation.aeff().data == [0, 5e4])
        withExtendedLifetime(run) {}  // its directory holds the files
    }

    @Test(arguments: [(FITSValue.double(1.7), "1.7 is not in (0, 1]"), (.double(0), "0.0 is not in (0, 1]"),
                      (.double(-0.2), "-0.2 is not in (0, 1]"), (.double(.nan), "nan is not in (0, 1]"),
                      (.string("0.9x"), "'0.9x' is not a number"), (.undefined, "the keyword has no value")])
    func deadTimeOutsideZeroToOneIsRejected(value: FITSValue, message: String) throws {
        let run = try Run(header: [FITSCard("DEADC", value)])
        let observation = try run.observation()
        #expect { try observation.liveTime() } throws: { Self.names($0, run, hdu: "EVENTS", "keyword DEADC", message) }
        #expect(try observation.events().count == 3)  // the events themselves are fine
        withExtendedLifetime(run) {}
    }

    @Test(arguments: ["ONTIME", "LIVETIME"])
    func negativeOrNaNObservingTimesAreRejected(key: String) throws {
        for (value, message) in [(FITSValue.double(-5), "-5.0 is not a finite number ≥ 0"),
                                 (.double(.nan), "nan is not a finite number ≥ 0"),
                                 (.string("long"), "'long' is not a number")] {
            let run = try Run(header: [FITSCard(key, value)])
            #expect { try run.observation().metadata() } throws: { Self.names($0, run, hdu: "EVENTS", "keyword \(key)", message) }
        }
    }

    @Test(arguments: ["RA_PNT", "DEC_PNT"])
    func nonFinitePointingIsRejected(key: String) throws {
        for (value, message) in [(FITSValue.double(.nan), "nan is not a finite angle"), (.double(.infinity), "inf is not a finite angle"),
                                 (.string("north"), "'north' is not a number")] {
            let run = try Run(header: [FITSCard(key, value)])
            #expect { try run.observation().metadata() } throws: { Self.names($0, run, hdu: "EVENTS", "keyword \(key)", message) }
        }
    }

    @Test func badGoodTimeIntervalsAreRejected() throws {
        let cases: [(start: [Double], stop: [Double], column: String, message: String)] = [
            ([0, 20], [10, 15], "STOP", "row 2 of 2 stops at 15.0, not after its START 20.0"),
            ([0, 20], [10, 20], "STOP", "row 2 of 2 stops at 20.0, not after its START 20.0"),
            ([.nan, 20], [10, 30], "START", "row 1 of 2 holds nan, which is not a finite time"),
            ([0, 20], [10, .infinity], "STOP", "row 2 of 2 holds inf, which is not a finite time"),
        ]
        for c in cases {
            let run = try Run(start: c.start, stop: c.stop)
            #expect { try run.observation().liveTime() } throws: { Self.names($0, run, hdu: "GTI", "column \(c.column)", c.message) }
        }
    }

    @Test func nonFiniteOrNonPositiveEventValuesAreRejected() throws {
        let cases: [(run: Run, column: String, message: String)] = [
            (try Run(energy: [1, .nan, 3]), "ENERGY", "row 2 of 3 holds nan, which is not a finite energy > 0"),
            (try Run(energy: [1, 2, 0]), "ENERGY", "row 3 of 3 holds 0.0, which is not a finite energy > 0"),
            (try Run(energy: [-1, 2, 3]), "ENERGY", "row 1 of 3 holds -1.0, which is not a finite energy > 0"),
            (try Run(energy: [1, .infinity, 3]), "ENERGY", "row 2 of 3 holds inf, which is not a finite energy > 0"),
            (try Run(ra: [83.6, .nan, 83.5]), "RA", "row 2 of 3 holds nan, which is not a finite angle"),
            (try Run(dec: [22, 22, -.infinity]), "DEC", "row 3 of 3 holds -inf, which is not a finite angle"),
        ]
        for c in cases {
            #expect { try c.run.observation().events() } throws: { Self.names($0, c.run, hdu: "EVENTS", "column \(c.column)", c.message) }
        }
    }

    @Test func irfErrorsNameTheObservation() throws {
        let run = try Run(effArea: [0, .nan])
        #expect { try run.observation().aeff() } throws: { error in
            guard let e = error as? IRFError else { return false }
            return e.obsID == Self.obsID && e.file == run.path && e.hdu == "AEFF" && e.column == "EFFAREA"
                && e.description == "observation \(Self.obsID): \(run.path), HDU AEFF, column EFFAREA: "
                                   + "1 of the 2 values is not finite (the first is nan)"
        }
    }
}
