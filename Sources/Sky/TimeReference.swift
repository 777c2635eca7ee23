/// The reference of mission elapsed times in a FITS file: `MJDREFI`, `MJDREFF`, `TIMESYS`,
/// `TIMEUNIT` (OGIP/GADF time keywords; see gamma-astro-data-formats "Time"). Gammapy's
/// `time_ref_from_dict` turns these into `Time(MJDREFI, MJDREFF, format='mjd', scale=TIMESYS)`
/// and times into `time_ref + TIME * u.s`; `Time(met:reference:)` does the same.
///
/// Only TT, UTC and TAI time systems and seconds are accepted (H.E.S.S., CTA, MAGIC, VERITAS and
/// Fermi use TT); anything else is rejected with an error naming the keyword. With TIMESYS UTC,
/// elapsed times are SI seconds since the UTC reference (leap seconds included), as in astropy.
public struct TimeReference: Sendable, Hashable {
    /// Integer part of the reference MJD (MJDREFI).
    public let mjdrefi: Double
    /// Fractional part of the reference MJD (MJDREFF).
    public let mjdreff: Double
    /// The reference's time scale (TIMESYS).
    public let timeSystem: TimeScale
    /// The reference instant.
    public let epoch: Time

    /// From header values. `timesys` and `timeunit` are matched case-insensitively; an empty
    /// `timeunit` (keyword absent) means seconds, the FITS default.
    public init(mjdrefi: Double, mjdreff: Double, timesys: String = "TT", timeunit: String = "s") throws {
        guard let scale = TimeScale(name: timesys) else {
            throw SkyError(.unsupportedTimeSystem, subject: "TIMESYS",
                           message: "time system '\(timesys)' is not supported (use TT, UTC or TAI)")
        }
        let unit = timeunit.trimmingCharacters(in: .whitespaces).lowercased()
        guard unit == "s" || unit.isEmpty else {
            throw SkyError(.unsupportedTimeSystem, subject: "TIMEUNIT",
                           message: "time unit '\(timeunit)' is not supported (only seconds, 's')")
        }
        try self.init(mjdrefi: mjdrefi, mjdreff: mjdreff, scale: scale)
    }

    public init(mjdrefi: Double, mjdreff: Double, scale: TimeScale) throws {
        guard mjdrefi.isFinite, mjdreff.isFinite else {
            throw SkyError(.invalidValue, subject: mjdrefi.isFinite ? "MJDREFF" : "MJDREFI", message: "is not a finite number")
        }
        self.mjdrefi = mjdrefi
        self.mjdreff = mjdreff
        self.timeSystem = scale
        self.epoch = try Time(mjd: mjdrefi, fraction: mjdreff, scale: scale)
    }

    /// A reference at `epoch` written in `scale`, as Gammapy's `time_ref_to_dict`:
    /// MJDREFI = floor(mjd), MJDREFF = mjd − MJDREFI, with mjd the epoch's MJD in `scale`.
    public init(epoch: Time, scale: TimeScale = .tt) throws {
        let mjd = try epoch.mjd(in: scale)
        let i = mjd.rounded(.down)
        try self.init(mjdrefi: i, mjdreff: mjd - i, scale: scale)
    }

    /// Gammapy's `DEFAULT_EPOCH` for the files it writes: MJD 0 in TT (MJDREFI = 0, MJDREFF = 0).
    public static let gammapyDefault = try! TimeReference(mjdrefi: 0, mjdreff: 0, scale: .tt)
}

extension Time {
    /// The time `seconds` after `reference` (mission elapsed time, MET): Gammapy's
    /// `time_ref + seconds * u.s`. Negative METs are before the reference.
    public init(met seconds: Double, reference: TimeReference) {
        self = reference.epoch.adding(seconds: seconds)
    }

    /// Mission elapsed time in seconds since `reference` (Gammapy's
    /// `(time - time_ref).to_value("s")`).
    public func met(relativeTo reference: TimeReference) -> Double {
        seconds(since: reference.epoch)
    }
}
