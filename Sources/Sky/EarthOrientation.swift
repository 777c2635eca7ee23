/// Earth orientation parameters from the IERS: UT1 − UTC and the polar motion.
///
/// GammaKit ships no IERS tables, so AltAz conversions default to `.zero`. Compared with
/// astropy using its bundled IERS data this moves alt/az by up to 9.45 arcsec for the
/// H.E.S.S. DR1 pointings (105 runs, 2004–2008, at tstart/tmid/tstop; there |UT1 − UTC| ≤ 0.64 s,
/// i.e. Earth rotation, and polar motion ≤ 0.52 arcsec), far below the ~0.1° scale of
/// background-model alignment. Given the values astropy used, the results agree with astropy
/// to 7e-9 arcsec.
public struct EarthOrientation: Sendable, Hashable {
    /// UT1 − UTC in seconds (astropy's `Time.delta_ut1_utc`).
    public var dut1: Double
    /// Polar motion x in arcseconds (IERS `PM_x`).
    public var xp: Double
    /// Polar motion y in arcseconds (IERS `PM_y`).
    public var yp: Double

    public init(dut1: Double, xp: Double, yp: Double) {
        self.dut1 = dut1
        self.xp = xp
        self.yp = yp
    }

    /// UT1 = UTC and no polar motion.
    public static let zero = EarthOrientation(dut1: 0, xp: 0, yp: 0)
}
