import CERFA

/// ERFA's astrometry context (`eraASTROM`) for ICRS ↔ observed (AltAz) at one time and place,
/// built by `eraApco13` with no refraction (pressure 0, as astropy's `AltAz()` without
/// `pressure`). `nil` when the time cannot be expressed in UTC (before −4799).
struct ObservedAstrometry {
    private var astrom = eraASTROM()

    init?(time: Time, location: EarthLocation, earthOrientation eo: EarthOrientation) {
        guard let utc = try? time.jd(in: .utc), location.longitude.isFinite else { return nil }
        var eo_ = 0.0
        let arcsecond = Angle.radiansPerDegree / 3600
        let status = eraApco13(utc.jd1, utc.jd2, eo.dut1,
                               Angle.radians(location.longitude), Angle.radians(location.latitude), location.height,
                               eo.xp * arcsecond, eo.yp * arcsecond,
                               0, 0, 0, 1,  // pressure (hPa), temperature, humidity, wavelength (µm): no refraction
                               &astrom, &eo_)
        guard status >= 0 else { return nil }
    }

    /// ICRS (radians) → (altitude, azimuth) in degrees, azimuth in [0, 360) from north through east.
    /// ICRS → CIRS (`eraAtciqz`: light deflection by the Sun, aberration, bias-precession-nutation,
    /// no parallax as for a direction without distance) → observed (`eraAtioq`), as astropy.
    @inline(__always)
    mutating func altAz(raRadians ra: Double, decRadians dec: Double) -> (alt: Double, az: Double) {
        var ri = 0.0, di = 0.0
        eraAtciqz(ra, dec, &astrom, &ri, &di)
        var aob = 0.0, zob = 0.0, hob = 0.0, dob = 0.0, rob = 0.0
        eraAtioq(ri, di, &astrom, &aob, &zob, &hob, &dob, &rob)
        return (Angle.degrees(Double.pi / 2 - zob), Angle.wrap(Angle.degrees(aob)))
    }

    /// (altitude, azimuth) in degrees → ICRS (RA in [0, 360), Dec) in degrees (`eraAtoiq`, `eraAticq`).
    @inline(__always)
    mutating func icrs(alt: Double, az: Double) -> (ra: Double, dec: Double) {
        var ri = 0.0, di = 0.0
        eraAtoiq("A", Angle.radians(az), Angle.radians(90 - alt), &astrom, &ri, &di)
        var rc = 0.0, dc = 0.0
        eraAticq(ri, di, &astrom, &rc, &dc)
        return (Angle.wrap(Angle.degrees(rc)), Angle.degrees(dc))
    }
}
