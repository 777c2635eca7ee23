import FITSIO

/// What an observation's EVENTS header says about it, read as Gammapy reads it.
public struct ObservationMetadata: Sendable {
    public var pointingMode: PointingMode
    /// 1 − DEADC (0 when DEADC is absent).
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
        if mode == "DRIFT" {
            guard let alt = header.double("ALT_PNT"), let az = header.double("AZ_PNT") else {
                throw DL3Error(.invalidData, "\(header.file), HDU \(header.hduName): keywords ALT_PNT and AZ_PNT are required for OBS_MODE = DRIFT")
            }
            pointingMode = .drift(alt: alt, az: az)
        } else {
            guard let ra = header.double("RA_PNT"), let dec = header.double("DEC_PNT"), !ra.isNaN, !dec.isNaN else {
                throw DL3Error(.invalidData, "\(header.file), HDU \(header.hduName): keywords RA_PNT and DEC_PNT are required for OBS_MODE = \(mode)")
            }
            pointingMode = .pointing(ra: ra, dec: dec)
        }
        deadtimeFraction = header.double("DEADC").map { 1 - $0 } ?? 0
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
