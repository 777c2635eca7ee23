import Foundation

/// Which sign the field-of-view longitude has.
///
/// astropy's `SkyOffsetFrame` (rotation 0) has its longitude increasing in the direction of
/// the reference frame's longitude (towards larger RA, or larger azimuth). Gammapy 2.1's
/// `FoVICRSFrame` and `FoVAltAzFrame` reflect it (`fov_lon = −lon_SkyOffsetFrame`), and its
/// background evaluation then uses, per the IRF's `FOVALIGN`:
/// - `RADEC` and `ALTAZ`: `fov_lon` of those frames, i.e. `.gammapyFoVFrame`;
/// - `REVERSE_LON_RADEC` (H.E.S.S. DR1 / SASH files, HDUVERS 0.2): `−fov_lon`, i.e. `.skyOffsetFrame`.
public enum FoVLongitudeConvention: Sendable, Hashable {
    /// astropy `SkyOffsetFrame(origin=…)` lon (the default).
    case skyOffsetFrame
    /// Gammapy `FoVICRSFrame` / `FoVAltAzFrame` `fov_lon`: the reflected longitude.
    case gammapyFoVFrame

    var sign: Double { self == .skyOffsetFrame ? 1 : -1 }
}

/// The rotation into the offset frame of an origin: astropy's `SkyOffsetFrame` with rotation 0,
/// `Ry(−lat₀) · Rz(lon₀)` (the origin goes to (0, 0) and its meridian stays "north").
struct OffsetRotation: Sendable {
    let toOffset: Rotation

    init(originLon: Double, originLat: Double) {
        toOffset = Rotation(applying: [("z", originLon), ("y", -originLat)])
    }
}

extension SkyCoord {
    /// Field-of-view coordinates of many directions relative to `origin`: the lon/lat of
    /// astropy's `SkyOffsetFrame(origin=origin)` (rotation 0), in degrees, lon in [-180, 180)
    /// (astropy's wrap; at most 180° off the origin), or Gammapy's reflected `fov_lon`
    /// (see `FoVLongitudeConvention`). Points given in another frame than the origin's are
    /// converted to the origin's frame first, as astropy does. Safe to call from many threads.
    ///
    /// Gammapy's background evaluation (`Background3D`, `fov_lon`/`fov_lat`) uses these with a
    /// pointing as origin; for `FOVALIGN = ALTAZ` use `fovOffsets(alt:az:originAlt:originAz:)`.
    public static func fovOffsets(of lon: [Double], lat: [Double], frame: SkyFrame, origin: SkyCoord,
                                  convention: FoVLongitudeConvention = .skyOffsetFrame)
        -> (lon: [Double], lat: [Double]) {
        let rotation = OffsetRotation(originLon: origin.lon, originLat: origin.lat).toOffset
            * FrameRotations.rotation(from: frame, to: origin.frame)
        return offsets(rotation: rotation, lon: lon, lat: lat, sign: convention.sign)
    }

    /// The inverse of `fovOffsets`: directions in `origin`'s frame (degrees, lon in [0, 360)) of
    /// field-of-view coordinates (degrees) around `origin`, given in `convention`.
    public static func skyCoordinates(fromFoVLon fovLon: [Double], lat fovLat: [Double], origin: SkyCoord,
                                      convention: FoVLongitudeConvention = .skyOffsetFrame)
        -> (lon: [Double], lat: [Double]) {
        let rotation = OffsetRotation(originLon: origin.lon, originLat: origin.lat).toOffset.transposed
        return inverseOffsets(rotation: rotation, fovLon: fovLon, fovLat: fovLat, sign: convention.sign)
    }

    /// Field-of-view coordinates in an AltAz-aligned frame (Gammapy's `FoVAltAzFrame` for
    /// `FOVALIGN = ALTAZ`): the same rotation as `fovOffsets(of:lat:frame:origin:)` with azimuth
    /// as longitude and altitude as latitude. Azimuth is astropy's: from north through east.
    /// Inputs and outputs in degrees; compute the alt/az of the points and of the pointing at
    /// the same time with `SkyCoord.altAz`.
    public static func fovOffsets(alt: [Double], az: [Double], originAlt: Double, originAz: Double,
                                  convention: FoVLongitudeConvention = .skyOffsetFrame)
        -> (lon: [Double], lat: [Double]) {
        let rotation = OffsetRotation(originLon: originAz, originLat: originAlt).toOffset
        return offsets(rotation: rotation, lon: az, lat: alt, sign: convention.sign)
    }

    /// The inverse of `fovOffsets(alt:az:…)`: (alt, az) in degrees, az in [0, 360).
    public static func altAz(fromFoVLon fovLon: [Double], lat fovLat: [Double], originAlt: Double, originAz: Double,
                             convention: FoVLongitudeConvention = .skyOffsetFrame) -> (alt: [Double], az: [Double]) {
        let rotation = OffsetRotation(originLon: originAz, originLat: originAlt).toOffset.transposed
        let r = inverseOffsets(rotation: rotation, fovLon: fovLon, fovLat: fovLat, sign: convention.sign)
        return (r.lat, r.lon)
    }

    private static func offsets(rotation: Rotation, lon: [Double], lat: [Double], sign: Double)
        -> (lon: [Double], lat: [Double]) {
        lonLatArrays(count: lon.count) { store in
            rotation.rotateAll(lon: lon, lat: lat) { i, l, b in
                store(i, Angle.wrap(sign * l * Angle.degreesPerRadian, at: 180), b * Angle.degreesPerRadian)
            }
        }
    }

    private static func inverseOffsets(rotation: Rotation, fovLon: [Double], fovLat: [Double], sign: Double)
        -> (lon: [Double], lat: [Double]) {
        let signed = sign == 1 ? fovLon : fovLon.map { -$0 }
        return lonLatArrays(count: fovLon.count) { store in
            rotation.rotateAll(lon: signed, lat: fovLat) { i, l, b in
                store(i, Angle.wrap(l * Angle.degreesPerRadian), b * Angle.degreesPerRadian)
            }
        }
    }
}
