import Testing
@testable import Sky

@Suite struct TimeTests {
    struct Times: Decodable {
        struct Row: Decodable {
            let met, tt_jd1, tt_jd2, mjd_tt, mjd_utc, mjd_tai, met_back: Double
            let isot_utc, isot_tt, isot_tai: String
        }
        struct Reference: Decodable {
            let name: String
            let MJDREFI: Double
            let MJDREFF: Double
            let TIMESYS: String
            let ref_mjd_tt: Double
            let rows: [Row]
        }
        struct UTCDate: Decodable {
            let mjd_utc, mjd_tt, mjd_tai, tt_jd1, tt_jd2: Double
            let isot_utc, isot_tt: String
        }
        struct Inside: Decodable { let seconds_after, mjd_tt, mjd_utc: Double; let isot_utc: String }
        struct Interval: Decodable { let a_isot_utc, b_isot_utc: String; let seconds: Double }
        struct Parsed: Decodable { let isot, scale, isot_back: String; let mjd_tt, tt_jd1, tt_jd2: Double }
        let references: [Reference]
        let utc_dates: [UTCDate]
        let inside_leap_second: [Inside]
        let leap_interval: Interval
        let parsed: [Parsed]
    }

    /// |a − b| in seconds between two two-part TT Julian dates.
    static func secondsApart(_ t: Time, _ jd1: Double, _ jd2: Double) -> Double {
        abs(((t.jd1 - jd1) + (t.jd2 - jd2)) * 86400)
    }

    /// H.E.S.S. DR1 (TT), a UTC- and a TAI-based reference: MET → time → MET, MJD in all
    /// scales and ISO strings as astropy's, across the 2016-12-31 leap second.
    @Test func metRoundTripsAgreeWithAstropy() throws {
        let f = try Fixture.load("times.json", as: Times.self)
        var worstTime = 0.0, worstMet = 0.0
        for ref in f.references {
            let reference = try TimeReference(mjdrefi: ref.MJDREFI, mjdreff: ref.MJDREFF, timesys: ref.TIMESYS)
            #expect(reference.epoch.mjd == ref.ref_mjd_tt)
            for row in ref.rows {
                let t = Time(met: row.met, reference: reference)
                worstTime = max(worstTime, Self.secondsApart(t, row.tt_jd1, row.tt_jd2))
                worstMet = max(worstMet, abs(t.met(relativeTo: reference) - row.met_back))
                #expect(abs(t.mjd - row.mjd_tt) <= 2e-11, "\(ref.name) \(row.met): mjd tt")
                #expect(abs(try t.mjd(in: .utc) - row.mjd_utc) <= 2e-11, "\(ref.name) \(row.met): mjd utc")
                #expect(abs(try t.mjd(in: .tai) - row.mjd_tai) <= 2e-11, "\(ref.name) \(row.met): mjd tai")
                #expect(try t.isot(scale: .utc) == row.isot_utc, "\(ref.name) \(row.met)")
                #expect(try t.isot(scale: .tt) == row.isot_tt, "\(ref.name) \(row.met)")
                #expect(try t.isot(scale: .tai) == row.isot_tai, "\(ref.name) \(row.met)")
            }
        }
        #expect(worstTime <= 1e-9, "max time deviation \(worstTime) s")
        #expect(worstMet <= 1e-6, "max MET deviation \(worstMet) s")
        report("MET → time: max \(worstTime) s; time → MET: max \(worstMet) s")
    }

    @Test func hessDR1Reference() throws {
        let reference = try TimeReference(mjdrefi: 51910, mjdreff: 7.428703703703703e-4, timesys: "TT")
        let tstart = Time(met: 101962602, reference: reference)
        #expect(abs(tstart.mjd - 53090.123451203704) < 1e-11)  // Gammapy: obs 20136 tstart
        #expect(try tstart.isot(scale: .utc) == "2004-03-26T02:56:42.000")  // astropy t.utc.isot
        let tstop = Time(met: 101964284, reference: reference)
        #expect(abs(Time.midpoint(tstart, tstop).mjd - 53090.133185) < 1e-10)  // Gammapy tmid
        #expect(abs(tstop.seconds(since: tstart) - 1682) < 1e-9)
        #expect(tstart < tstop && !(tstop < tstart))
    }

    @Test func utcDatesAndLeapSecond() throws {
        let f = try Fixture.load("times.json", as: Times.self)
        for d in f.utc_dates {
            let t = try Time(mjd: d.mjd_utc, scale: .utc)
            #expect(Self.secondsApart(t, d.tt_jd1, d.tt_jd2) <= 1e-9, "MJD \(d.mjd_utc) UTC")
            #expect(abs(t.mjd - d.mjd_tt) <= 2e-11)
            #expect(abs(try t.mjd(in: .tai) - d.mjd_tai) <= 2e-11)
            #expect(abs(try t.mjd(in: .utc) - d.mjd_utc) <= 2e-11)
            #expect(try t.isot(scale: .utc) == d.isot_utc)
            #expect(try t.isot(scale: .tt) == d.isot_tt)
        }
        // Inside the leap second 2016-12-31T23:59:60: UTC strings show second 60.
        let start = try Time(isot: "2016-12-31T23:59:58.5", scale: .utc)
        for s in f.inside_leap_second {
            let t = start.adding(seconds: s.seconds_after)
            #expect(abs(t.mjd - s.mjd_tt) <= 2e-11)
            #expect(try t.isot(scale: .utc) == s.isot_utc)
            #expect(abs(try t.mjd(in: .utc) - s.mjd_utc) <= 2e-11)
        }
        let a = try Time(isot: f.leap_interval.a_isot_utc, scale: .utc)
        let b = try Time(isot: f.leap_interval.b_isot_utc, scale: .utc)
        // astropy gives 2.9999999999908766 s (its two-part dates carry ~1e-11 s of rounding).
        #expect(abs(b.seconds(since: a) - f.leap_interval.seconds) < 1e-9)
        #expect(abs(b.seconds(since: a) - 3) < 1e-9)
    }

    @Test func parsingAgreesWithAstropy() throws {
        let f = try Fixture.load("times.json", as: Times.self)
        for p in f.parsed {
            let scale = TimeScale(name: p.scale)!
            let t = try Time(isot: p.isot, scale: scale)
            #expect(Self.secondsApart(t, p.tt_jd1, p.tt_jd2) <= 1e-9, "\(p.isot)")
            #expect(try t.isot(scale: scale) == p.isot_back)
        }
        #expect(throws: SkyError.self) { try Time(isot: "2004-13-01T00:00:00", scale: .utc) }
        #expect(throws: SkyError.self) { try Time(isot: "yesterday", scale: .utc) }
        #expect(try Time(isot: "2004-03-26", scale: .tt) == Time(mjd: 53090, scale: .tt))
    }

    @Test func rejectsUnsupportedTimeSystems() throws {
        #expect(throws: SkyError.self) { try TimeReference(mjdrefi: 51910, mjdreff: 0, timesys: "TDB") }
        #expect(throws: SkyError.self) { try TimeReference(mjdrefi: 51910, mjdreff: 0, timesys: "TT", timeunit: "d") }
        do {
            _ = try TimeReference(mjdrefi: 51910, mjdreff: 0, timesys: "GPS")
            Issue.record("GPS accepted")
        } catch let error as SkyError {
            #expect(error.kind == .unsupportedTimeSystem && error.subject == "TIMESYS")
            #expect(error.description.contains("GPS"))
        }
        _ = try TimeReference(mjdrefi: 51910, mjdreff: 0, timesys: "tt      ", timeunit: "s ")
        #expect(try TimeReference(mjdrefi: 1, mjdreff: 0, timesys: "utc").timeSystem == .utc)
    }

    @Test func dubiousYearIsAWarningNotAnError() throws {
        // ERFA 2.0's leap-second table ends in 2017; eraDat calls years after ~2027 and before
        // 1960 "dubious" (status 1) but still answers — as astropy, which only warns.
        let late = try Time(mjd: 66000.75, scale: .utc)  // 2039
        #expect(late.hasDubiousUTC)
        #expect(try late.isot(scale: .utc) == "2039-07-31T18:00:00.000")
        let early = try Time(mjd: 30000, scale: .utc)  // 1941
        #expect(early.hasDubiousUTC)
        #expect(!(try Time(mjd: 53090, scale: .utc)).hasDubiousUTC)
        // Only impossible dates throw.
        #expect(throws: SkyError.self) { try Time(mjd: -5_000_000, scale: .utc) }
        #expect(throws: SkyError.self) { try Time(mjd: .nan, scale: .tt) }
    }

    @Test func referenceFromEpoch() throws {
        let t = try Time(isot: "2000-01-01T00:00:00", scale: .tt)
        let r = try TimeReference(epoch: t)
        #expect(r.mjdrefi == 51544 && r.mjdreff == 0 && r.timeSystem == .tt)  // JD 2451544.5
        let noon = try TimeReference(epoch: t.adding(seconds: 43200))
        #expect(noon.mjdrefi == 51544 && noon.mjdreff == 0.5)
        #expect(TimeReference.gammapyDefault.epoch.mjd == 0)
    }
}
