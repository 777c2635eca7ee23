/// Horizontal (AltAz) coordinates, as astropy's `AltAz(obstime=, location=)` frame without
/// refraction, via ERFA (`eraApco13`, `eraAtciqz`/`eraAtioq` and the inverse `eraAtoiq`/`eraAticq`).
///
/// Accuracy: with the same UT1 − UTC and polar motion as astropy, alt/az agree with astropy to
/// 7e-9 arcsec (H.E.S.S. DR1 pointings, both with zero and with astropy's IERS values). GammaKit
/// has no IERS tables and defaults to `EarthOrientation.zero`; against astropy with its IERS
/// data that is up to 9.45 arcsec off for the 105 H.E.S.S. DR1 pointings (see
/// `EarthOrientation`). Azimuth runs from north through east, in [0, 360). Times that cannot be
/// converted to UTC (before the year −4799) give NaN.
extension SkyCoord {
    /// Altitude and azimuth in degrees of this direction seen from `location` at `time`.
    public func altAz(at time: Time, location: EarthLocation,
                      earthOrientation: EarthOrientation = .zero) -> (alt: Double, az: Double) {
        guard var astrometry = ObservedAstrometry(time: time, location: location, earthOrientation: earthOrientation) else {
            return (.nan, .nan)
        }
        let c = transformed(to: .icrs)
        return astrometry.altAz(raRadians: Angle.radians(c.lon), decRadians: Angle.radians(c.lat))
    }

    /// The ICRS direction seen at altitude `alt` and azimuth `az` (degrees) from `location` at
    /// `time` (astropy's `SkyCoord(alt=…, az=…, frame=AltAz(…)).icrs`).
    public init(alt: Double, az: Double, at time: Time, location: EarthLocation,
                earthOrientation: EarthOrientation = .zero) {
        guard var astrometry = ObservedAstrometry(time: time, location: location, earthOrientation: earthOrientation) else {
            self.init(ra: .nan, dec: .nan)
            return
        }
        let r = astrometry.icrs(alt: alt, az: az)
        self.init(ra: r.ra, dec: r.dec)
    }

    /// Alt/az in degrees of many directions (in `frame`) at one time: the astrometry context is
    /// computed once. Safe to call from many threads at once.
    public static func altAz(lon: [Double], lat: [Double], frame: SkyFrame, at time: Time, location: EarthLocation,
                             earthOrientation: EarthOrientation = .zero) -> (alt: [Double], az: [Double]) {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        let n = lon.count
        guard var astrometry = ObservedAstrometry(time: time, location: location, earthOrientation: earthOrientation) else {
            return ([Double](repeating: .nan, count: n), [Double](repeating: .nan, count: n))
        }
        let rotation = FrameRotations.rotation(from: frame, to: .icrs)
        var alt = [Double](repeating: 0, count: n), az = [Double](repeating: 0, count: n)
        alt.withUnsafeMutableBufferPointer { altp in
            az.withUnsafeMutableBufferPointer { azp in
                if frame == .icrs {
                    for i in 0..<n {
                        let r = astrometry.altAz(raRadians: Angle.radians(lon[i]), decRadians: Angle.radians(lat[i]))
                        (altp[i], azp[i]) = (r.alt, r.az)
                    }
                } else {
                    rotation.rotateAll(lon: lon, lat: lat) { i, ra, dec in
                        let r = astrometry.altAz(raRadians: ra, decRadians: dec)
                        (altp[i], azp[i]) = (r.alt, r.az)
                    }
                }
            }
        }
        return (alt, az)
    }

    /// Alt/az in degrees of this direction at many times (as Gammapy's ALTAZ-aligned background
    /// evaluates the pointing at several time slices). `earthOrientation` is used for all times.
    /// Gammapy evaluates these frames inside `ErfaAstromInterpolator(1000 s)`, which interpolates
    /// the astrometry context between 1000 s support points; GammaKit computes each time exactly
    /// (the difference is far below an arcsecond).
    public func altAz(at times: [Time], location: EarthLocation,
                      earthOrientation: EarthOrientation = .zero) -> (alt: [Double], az: [Double]) {
        let c = transformed(to: .icrs)
        let ra = Angle.radians(c.lon), dec = Angle.radians(c.lat)
        var alt = [Double](), az = [Double]()
        alt.reserveCapacity(times.count)
        az.reserveCapacity(times.count)
        for time in times {
            if var astrometry = ObservedAstrometry(time: time, location: location, earthOrientation: earthOrientation) {
                let r = astrometry.altAz(raRadians: ra, decRadians: dec)
                alt.append(r.alt)
                az.append(r.az)
            } else {
                alt.append(.nan)
                az.append(.nan)
            }
        }
        return (alt, az)
    }

    /// ICRS RA/Dec in degrees of many alt/az directions (degrees) at one time.
    public static func icrs(alt: [Double], az: [Double], at time: Time, location: EarthLocation,
                            earthOrientation: EarthOrientation = .zero) -> (ra: [Double], dec: [Double]) {
        precondition(alt.count == az.count, "alt and az must have the same length")
        guard var astrometry = ObservedAstrometry(time: time, location: location, earthOrientation: earthOrientation) else {
            return ([Double](repeating: .nan, count: alt.count), [Double](repeating: .nan, count: alt.count))
        }
        var ra = [Double](), dec = [Double]()
        ra.reserveCapacity(alt.count)
        dec.reserveCapacity(alt.count)
        for i in alt.indices {
            let r = astrometry.icrs(alt: alt[i], az: az[i])
            ra.append(r.ra)
            dec.append(r.dec)
        }
        return (ra, dec)
    }
}
