import FITSIO

/// What an observation's EVENTS header says about it, read as Gammapy reads it.
public struct ObservationMetadata: Sendable {
    public var pointingMode: PointingMode
    /// 1 − DEADC (0 when DEADC is absent). DEADC must be in (0, 1].
    public var deadtimeFraction: Double
    /// GEOLON, GEOLAT (degrees) and GEOALT or ALTITUDE (metres) of the observatory, when given.
    public var geodeticLocation: (lon: Double, lat: Double, height: Double)?
    /// TELESCOP, OBJECT, CREATOR, HDUVERS: kept for summaries and format quirks.
    public var telescope: String?
    public var object: String?
    public var creator: String?
    public var formatVersion: String?
    /// Mean altitude and azimuth of the run (ALT_PNT, AZ_PNT), when given.
    public var altitude: Double?
    public var azimuth: Double?

    public init(header: FITSHeader) throws {
        let mode = (header.string("OBS_MODE") ?? "POINTING").uppercased()
        func angle(_ key: String) throws -> Double? { try header.checkedDouble(key, expected: "a finite angle", \.isFinite) }
        if mode == "DRIFT" {
            guard let alt = try angle("ALT_PNT"), let az = try angle("AZ_PNT") else {
                throw DL3Error(.invalidData, "\(header.file), HDU \(header.hduName): keywords ALT_PNT and AZ_PNT are required for OBS_MODE = DRIFT")
            }
            pointingMode = .drift(alt: alt, az: az)
        } else {
            guard let ra = try angle("RA_PNT"), let dec = try angle("DEC_PNT") else {
                throw DL3Error(.invalidData, "\(header.file), HDU \(header.hduName): keywords RA_PNT and DEC_PNT are required for OBS_MODE = \(mode)")
            }
            pointingMode = .pointing(ra: ra, dec: dec)
        }
        // DEADC 0 would give a zero livetime and one above 1 a negative dead time (Gammapy refuses
        // < 0 and > 1 too); an unreadable one must not silently mean "no dead time".
        deadtimeFraction = try header.checkedDouble("DEADC", expected: "in (0, 1]") { $0 > 0 && $0 <= 1 }.map { 1 - $0 } ?? 0
        // The livetime is GTI × DEADC, as Gammapy's; ONTIME and LIVETIME are not used for it, but
        // Gammapy's observation table and `EventList` read them, so they must be sane where given.
        for key in ["ONTIME", "LIVETIME"] {
            _ = try header.checkedDouble(key, expected: "a finite number ≥ 0") { $0.isFinite && $0 >= 0 }
        }
        if let lon = header.double("GEOLON"), let lat = header.double("GEOLAT"),
           let height = header.double("GEOALT") ?? header.double("ALTITUDE") {
            geodeticLocation = (lon, lat, height)
        }
        telescope = header.string("TELESCOP")
        object = header.string("OBJECT")
        creator = header.string("CREATOR")
        formatVersion = header.string("HDUVERS")
        altitude = header.double("ALT_PNT")
        azimuth = header.double("AZ_PNT")
    }

    /// H.E.S.S. files written by SASH with HDUVERS 0.2 store bkg_3d with the FoV longitude
    /// reversed; Gammapy flips it (`FoVAlignment.REVERSE_LON_RADEC`) and so do we.
    public var hasReversedBackgroundLongitude: Bool {
        creator == "SASH FITS::EventListWriter" && formatVersion == "0.2"
    }
}
