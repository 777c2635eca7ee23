import CERFA
import Foundation

/// An instant, stored as a two-part Julian date in TT (`jd1 + jd2`, as ERFA and astropy keep
/// times, so that nanoseconds survive at any epoch). `jd1` is a whole number of days (or a
/// half day) and `jd2` a fraction in [-0.5, 0.5], normalised exactly as astropy's `day_frac`.
///
/// Gammapy's `tstart`, `tstop`, `tmid` and `reference_time` are TT `Time`s; build them from
/// mission elapsed time with `init(met:reference:)` and go back with `met(relativeTo:)`.
/// Converting to or from UTC uses ERFA's leap-second table (`eraDat`): for dates after the
/// table's horizon (2027 with ERFA 2.0) or before 1960 ERFA answers "dubious year" and the
/// result is still used (astropy warns); only impossible dates (before −4799) throw.
public struct Time: Sendable, Hashable {
    /// Whole (or half) Julian day in TT.
    public let jd1: Double
    /// Fraction of a day in TT, in [-0.5, 0.5].
    public let jd2: Double

    /// The modified Julian date offset, 2400000.5 (ERFA's `DJM0`).
    public static let mjdZero = 2400000.5
    /// Seconds per day (ERFA's `DAYSEC`).
    public static let secondsPerDay = 86400.0

    /// A TT Julian date, normalised with `day_frac`.
    init(ttJD1: Double, jd2 fraction: Double) {
        let (d, f) = DoubleDouble.dayFrac(ttJD1, fraction)
        jd1 = d
        jd2 = f
    }

    /// A two-part Julian date in `scale` (astropy's `Time(jd1, jd2, format='jd', scale=…)`).
    public init(jd1: Double, jd2: Double = 0, scale: TimeScale) throws {
        guard jd1.isFinite, jd2.isFinite else {
            throw SkyError(.invalidValue, subject: "Julian date", message: "\(jd1) + \(jd2) is not finite")
        }
        let (d, f) = DoubleDouble.dayFrac(jd1, jd2)
        let tt = try TimeConversion.toTT(jd1: d, jd2: f, from: scale)
        self.init(ttJD1: tt.jd1, jd2: tt.jd2)
    }

    /// A modified Julian date in `scale`, as `Time(mjd, format='mjd', scale=…)`.
    public init(mjd: Double, scale: TimeScale) throws {
        try self.init(mjd: mjd, fraction: 0, scale: scale)
    }

    /// A modified Julian date given in two parts (e.g. MJDREFI and MJDREFF), as astropy's
    /// `Time(mjd1, mjd2, format='mjd', scale=…)`, keeping the precision of both parts.
    public init(mjd: Double, fraction: Double, scale: TimeScale) throws {
        guard mjd.isFinite, fraction.isFinite else {
            throw SkyError(.invalidValue, subject: "MJD", message: "\(mjd) + \(fraction) is not finite")
        }
        var (d, f) = DoubleDouble.dayFrac(mjd, fraction)
        d += Time.mjdZero
        (d, f) = DoubleDouble.dayFrac(d, f)
        let tt = try TimeConversion.toTT(jd1: d, jd2: f, from: scale)
        self.init(ttJD1: tt.jd1, jd2: tt.jd2)
    }

    /// The TT modified Julian date (astropy's `t.tt.mjd`).
    public var mjd: Double { (jd1 - Time.mjdZero) + jd2 }

    /// The modified Julian date in `scale` (astropy's `t.utc.mjd`, …).
    public func mjd(in scale: TimeScale) throws -> Double {
        let jd = try self.jd(in: scale)
        return (jd.jd1 - Time.mjdZero) + jd.jd2
    }

    /// The two-part Julian date in `scale`, normalised as astropy's `jd1`, `jd2`.
    public func jd(in scale: TimeScale) throws -> (jd1: Double, jd2: Double) {
        try TimeConversion.fromTT(jd1: jd1, jd2: jd2, to: scale)
    }

    /// SI seconds from `other` to this time (positive when `self` is later), as astropy's
    /// `(self - other).to_value("s")`, bit for bit: the difference is formed exactly, summed
    /// into one double of days and scaled, so it carries the rounding of a double of days
    /// (~1e-7 s for differences of ~10⁴ days, as astropy). Leap seconds count: UTC
    /// 2016-12-31T23:59:59 to 2017-01-01T00:00:01 is 3 s.
    public func seconds(since other: Time) -> Double {
        let (d, f) = DoubleDouble.dayFrac(jd1 - other.jd1, jd2 - other.jd2)
        return (d + f) * Time.secondsPerDay
    }

    /// This time moved by `seconds` SI seconds (astropy's `t + seconds * u.s`).
    public func adding(seconds: Double) -> Time {
        let delta = DoubleDouble.dayFrac(seconds, 0, divisor: Time.secondsPerDay)
        return Time(ttJD1: jd1 + delta.day, jd2: jd2 + delta.frac)
    }

    /// The time halfway between `a` and `b`, as Gammapy's `tmid = tstart + 0.5 * (tstop - tstart)`.
    public static func midpoint(_ a: Time, _ b: Time) -> Time {
        a.adding(seconds: 0.5 * b.seconds(since: a))
    }

    /// Whether ERFA's leap-second table calls this instant's UTC year dubious (before 1960, or
    /// more than ~5 years after the table's last entry). Conversions still happen; this is the
    /// condition under which astropy warns `ErfaWarning: ERFA function "utctai" yielded … "dubious year"`.
    public var hasDubiousUTC: Bool {
        var tai1 = 0.0, tai2 = 0.0, u1 = 0.0, u2 = 0.0
        _ = eraTttai(jd1, jd2, &tai1, &tai2)
        return eraTaiutc(tai1, tai2, &u1, &u2) == 1
    }
}

extension Time: Comparable {
    public static func < (a: Time, b: Time) -> Bool {
        (a.jd1 - b.jd1) + (a.jd2 - b.jd2) < 0
    }
}

extension Time: CustomStringConvertible {
    /// The TT MJD and, when it can be formed, the UTC ISO string.
    public var description: String {
        let iso = (try? isot(scale: .utc)).map { " (\($0) UTC)" } ?? ""
        return "Time(mjd \(mjd) TT\(iso))"
    }
}

/// Scale conversions through ERFA, astropy's chain: UTC ↔ TAI ↔ TT, then `day_frac`.
enum TimeConversion {
    static func toTT(jd1: Double, jd2: Double, from scale: TimeScale) throws -> (jd1: Double, jd2: Double) {
        var a = jd1, b = jd2
        if scale == .utc {
            var t1 = 0.0, t2 = 0.0
            try check(eraUtctai(a, b, &t1, &t2), doing: "UTC → TAI", jd: a + b)
            (a, b) = (t1, t2)
        }
        if scale == .utc || scale == .tai {
            var t1 = 0.0, t2 = 0.0
            _ = eraTaitt(a, b, &t1, &t2)  // always 0
            (a, b) = (t1, t2)
        }
        let r = DoubleDouble.dayFrac(a, b)
        return (r.day, r.frac)
    }

    static func fromTT(jd1: Double, jd2: Double, to scale: TimeScale) throws -> (jd1: Double, jd2: Double) {
        if scale == .tt { return (jd1, jd2) }
        var a = 0.0, b = 0.0
        _ = eraTttai(jd1, jd2, &a, &b)
        if scale == .utc {
            var u1 = 0.0, u2 = 0.0
            try check(eraTaiutc(a, b, &u1, &u2), doing: "TAI → UTC", jd: a + b)
            (a, b) = (u1, u2)
        }
        let r = DoubleDouble.dayFrac(a, b)
        return (r.day, r.frac)
    }

    /// ERFA's time functions return +1 for a dubious year (a warning: the value is used, as
    /// astropy does) and negative values for unacceptable dates.
    static func check(_ status: Int32, doing action: String, jd: Double) throws {
        if status < 0 {
            throw SkyError(.erfa(status), subject: "JD \(jd)",
                           message: "\(action) failed: ERFA status \(status) (unacceptable date)")
        }
    }
}
