import CERFA

/// A place on Earth, stored as geocentric x, y, z in metres (as astropy's `EarthLocation`),
/// with its WGS84 geodetic longitude, latitude (degrees) and height (m) derived by ERFA's
/// `eraGc2gd`. Building from geodetic values goes through `eraGd2gc` first, so a round trip
/// shows the same sub-nanometre noise astropy's does (height 1835 m reads 1834.9999999997835 m).
public struct EarthLocation: Sendable, Hashable {
    /// Geocentric coordinates in metres.
    public let x: Double
    public let y: Double
    public let z: Double
    /// WGS84 geodetic longitude in degrees, east positive, in [-180, 180].
    public let longitude: Double
    /// WGS84 geodetic latitude in degrees, north positive.
    public let latitude: Double
    /// Height above the WGS84 ellipsoid in metres.
    public let height: Double

    /// From geocentric coordinates in metres.
    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
        var xyz = [x, y, z]
        var elong = 0.0, phi = 0.0, h = 0.0
        let status = eraGc2gd(1, &xyz, &elong, &phi, &h)  // 1 = WGS84; fails only for a bad ellipsoid
        if status != 0 || !(x.isFinite && y.isFinite && z.isFinite) {
            (elong, phi, h) = (.nan, .nan, .nan)
        }
        longitude = Angle.degrees(elong)
        latitude = Angle.degrees(phi)
        height = h
    }

    /// From WGS84 geodetic longitude and latitude in degrees and height in metres (astropy's
    /// `EarthLocation.from_geodetic(lon, lat, height)`; Gammapy reads GEOLON, GEOLAT and
    /// ALTITUDE or GEOALT this way). Throws when the latitude is outside [-90, 90] or a value
    /// is not finite.
    public init(longitude: Double, latitude: Double, height: Double) throws {
        guard longitude.isFinite, latitude.isFinite, height.isFinite else {
            throw SkyError(.invalidValue, subject: "EarthLocation",
                           message: "longitude \(longitude), latitude \(latitude), height \(height) must be finite")
        }
        guard abs(latitude) <= 90 else {
            throw SkyError(.invalidValue, subject: "latitude", message: "\(latitude)° is outside [-90, 90]")
        }
        var xyz = [0.0, 0.0, 0.0]
        // astropy wraps the longitude at 180° before converting.
        let status = eraGd2gc(1, Angle.radians(Angle.wrap(longitude, at: 180)), Angle.radians(latitude), height, &xyz)
        guard status == 0 else {
            throw SkyError(.erfa(status), subject: "EarthLocation", message: "eraGd2gc failed with status \(status)")
        }
        self.init(x: xyz[0], y: xyz[1], z: xyz[2])
    }

    /// From angle strings as Gammapy's observatory table writes them (`"16d30m00.8s"`).
    public init(longitude: String, latitude: String, height: Double) throws {
        try self.init(longitude: Angle.degrees(parsing: longitude), latitude: Angle.degrees(parsing: latitude),
                      height: height)
    }
}
