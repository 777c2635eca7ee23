import Foundation

/// The floating-point type an angle was stored in before astropy saw it: a FITS column's
/// TFORM `E` (float32) or `D` (float64). astropy keeps a column's dtype and converts degrees to
/// radians in it, so float32 positions are rounded to float32 radians (up to 1.4e-5°) before
/// any frame transform. Values held here as `Double` are the stored values, widened exactly.
public enum StoredPrecision: String, Sendable, Hashable {
    case float32
    case float64
}

extension SkyCoord {
    /// Transforms many directions between frames exactly as astropy 8 does for
    /// `SkyCoord(lon, lat, unit="deg").transform_to(to).data.lon.deg / .lat.deg` when `lon` and
    /// `lat` have the given stored precisions (float32 event columns: Gammapy's counts-map
    /// binning in a Galactic geometry). Bit for bit on the same machine, since cos, sin and
    /// atan2 are the system libm's as in pyerfa (see `AstropyFrameTransform`). Degrees in,
    /// degrees out; output longitudes in [0, 360] (360 itself only when the radians round up to
    /// it, as in astropy). Same-frame input comes back wrapped as a `Longitude` in its stored
    /// precision. About twice the cost of `transform(lon:lat:from:to:)`, which agrees with it
    /// to ~1e-14° for float64 input and is the one to use for computed coordinates.
    public static func transformAsAstropy(lon: [Double], lat: [Double],
                                          lonPrecision: StoredPrecision, latPrecision: StoredPrecision,
                                          from: SkyFrame, to: SkyFrame) -> (lon: [Double], lat: [Double]) {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        let n = lon.count
        guard let (first, second) = AstropyFrameTransform.steps(from: from, to: to) else {
            let wrapped = lon.map { lonPrecision == .float32
                ? Double(AstropyFrameTransform.wrapped(Float($0), turn: 360))
                : AstropyFrameTransform.wrapped($0, turn: 360) }
            return (wrapped, latPrecision == .float32 ? lat.map { Double(Float($0)) } : lat)
        }
        return lonLatArrays(count: n) { store in
            lon.withUnsafeBufferPointer { lonIn in
                lat.withUnsafeBufferPointer { latIn in
                    for i in 0..<n {
                        let a = AstropyFrameTransform.radians(lonIn[i], lonPrecision, wrap: true)
                        let b = AstropyFrameTransform.radians(latIn[i], latPrecision, wrap: false)
                        let p = AstropyFrameTransform.apply(first, lon: a, lat: b)
                        let q = AstropyFrameTransform.apply(second, lon: p.lon, lat: p.lat)
                        store(i, q.lon * Angle.degreesPerRadian, q.lat * Angle.degreesPerRadian)
                    }
                }
            }
        }
    }
}
