/// The time scales GammaKit converts between: those that IACT DL3 files use in `TIMESYS`.
/// Raw values are astropy's scale names.
public enum TimeScale: String, Sendable, CaseIterable, Hashable {
    /// Terrestrial Time, Gammapy's default (`TIMESYS = 'TT'` in H.E.S.S., CTA and MAGIC files).
    case tt
    /// Coordinated Universal Time, with leap seconds (ERFA's table via `eraDat`).
    case utc
    /// International Atomic Time: TT − 32.184 s.
    case tai

    /// Accepts `"TT"`, `"utc"`, … in any case, with surrounding spaces (FITS pads strings).
    /// Other scales (TDB, TCG, UT1, GPS, LOCAL) give nil.
    public init?(name: String) {
        self.init(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The scale name ERFA's `eraD2dtf`/`eraDtf2d` expect.
    var erfaName: String { rawValue.uppercased() }
}
