import Sky

extension Observation {
    /// Start of the first good time interval (Gammapy's `tstart`).
    public func tstart() throws -> Time {
        let gti = try gti()
        guard let first = gti.start.first else { throw DL3Error(.invalidData, "observation \(obsID): the GTI table is empty") }
        return Time(met: first, reference: gti.reference)
    }

    /// Stop of the first good time interval (Gammapy's `tstop`).
    public func tstop() throws -> Time {
        let gti = try gti()
        guard let first = gti.stop.first else { throw DL3Error(.invalidData, "observation \(obsID): the GTI table is empty") }
        return Time(met: first, reference: gti.reference)
    }

    /// Midpoint of `tstart` and `tstop` (Gammapy's `tmid`).
    public func tmid() throws -> Time { Time.midpoint(try tstart(), try tstop()) }

    /// Observation time including dead time, seconds: the GTI sum (Gammapy's `observation_time_duration`).
    public func observationTime() throws -> Double { try gti().timeSum }

    /// Dead-time-corrected observation time, seconds: GTI sum × (1 − dead-time fraction)
    /// (Gammapy's `observation_live_time_duration`; the LIVETIME keyword is not used).
    public func liveTime() throws -> Double { try observationTime() * (1 - metadata().deadtimeFraction) }

    /// The observatory, from the EVENTS header's GEOLON/GEOLAT/GEOALT (or ALTITUDE); nil when absent.
    public func location() throws -> EarthLocation? {
        guard let geo = try metadata().geodeticLocation else { return nil }
        do {
            return try EarthLocation(longitude: geo.lon, latitude: geo.lat, height: geo.height)
        } catch {
            throw DL3Error(.invalidData, "observation \(obsID): invalid observatory location (GEOLON \(geo.lon), GEOLAT \(geo.lat)): \(error)")
        }
    }

    /// Pointing direction in ICRS at `time` (Gammapy's `get_pointing_icrs`): the fixed RA/Dec of
    /// a tracking run; for a drift run, its fixed Alt/Az seen at `time` from the observatory.
    public func pointingICRS(at time: Time) throws -> SkyCoord {
        switch try metadata().pointingMode {
        case .pointing(let ra, let dec):
            return SkyCoord(ra: ra, dec: dec)
        case .drift(let alt, let az):
            guard let location = try location() else {
                throw DL3Error(.invalidData, "observation \(obsID): a drift-mode pointing needs the observatory location (GEOLON/GEOLAT)")
            }
            return SkyCoord(alt: alt, az: az, at: time, location: location)
        }
    }

    /// Pointing direction in Alt/Az (degrees) at `time` (Gammapy's `get_pointing_altaz`).
    public func pointingAltAz(at time: Time) throws -> (alt: Double, az: Double) {
        switch try metadata().pointingMode {
        case .drift(let alt, let az):
            return (alt, az)
        case .pointing(let ra, let dec):
            guard let location = try location() else {
                throw DL3Error(.invalidData, "observation \(obsID): Alt/Az of the pointing needs the observatory location (GEOLON/GEOLAT)")
            }
            return SkyCoord(ra: ra, dec: dec).altAz(at: time, location: location)
        }
    }
}
