import Foundation

/// astropy's ICRS ⇄ Galactic transform reproduced operation for operation, so that positions
/// come out bit for bit as Gammapy sees them (which decides the bin of an event that lies
/// within ~1e-5° of a bin edge). `SkyCoord.transform` composes one rotation and is enough
/// everywhere else; this path exists for event binning.
///
/// What astropy 8 does for `SkyCoord(lon, lat).transform_to(frame)` (verified bit for bit by
/// scripts/reference/float32_transform_reference.py):
/// 1. The `Longitude` keeps the stored dtype and is wrapped into [0, 360) in it.
/// 2. Degrees become radians as `value × 0.017453292519943295` *in the stored dtype*: a
///    float32 angle is rounded to float32 radians (NEP 50 casts the Python factor to float32).
///    That rounding, up to 2.4e-7 rad (1.4e-5°), is the only float32 step.
/// 3. The graph path is ICRS → FK5(J2000) → Galactic: two matrix transforms applied one after
///    the other, each as ERFA `s2c` (C double cos/sin), `rxp` (plain sums, no FMA) and `c2s`
///    (atan2, sqrt), then the new frame's `Longitude` wraps the radians into [0, 2π).
/// 4. `.deg` multiplies the radians by 57.29577951308232.
/// cos, sin and atan2 here are the system libm's, the same functions pyerfa calls (its compiled
/// `s2c` calls glibc's `sincos`, which returns sin and cos bit for bit: checked on 2e8 doubles
/// in [-2π, 2π], with and without glibc's FMA variants).
enum AstropyFrameTransform {
    /// astropy's `icrs_to_fk5` for FK5(J2000): the frame bias of USNO Circular 179 times the
    /// J2000 → J2000 precession matrix (exactly the identity). Row-major; the exact doubles
    /// astropy computes (Tests/SkyTests/Fixtures/astropy_transform.json checks them).
    static let icrsToFK5 = Rotation(m: (
        0x1.fffffffffffb9p-1, -0x1.dcd6589697144p-24, -0x1.7af89b5df8a29p-25,
        0x1.dcd659c94c1dap-24, 0x1.fffffffffff9cp-1, 0x1.9e5e98fa40aeep-24,
        0x1.7af8955652f0dp-25, -0x1.9e5e9a66d39d8p-24, 0x1.fffffffffffcdp-1))

    /// astropy's `fk5_to_gal` for FK5(J2000) (north Galactic pole and node, times the identity
    /// precession), row-major, exact.
    static let fk5ToGalactic = Rotation(m: (
        -0x1.c18a58e1c22ddp-5, -0x1.bf3325efd5a22p-1, -0x1.ef7270a9417fcp-2,
        0x1.f9f7d41fd3bccp-2, -0x1.c78168bf39b7ep-2, 0x1.7e747511bc55fp-1,
        -0x1.bc3ebc593c29fp-1, -0x1.95a912fbe9079p-3, 0x1.d2ed6a73d5f56p-2))

    /// The two matrices applied in turn from `from` to `to` (astropy's `_gal_to_fk5` and
    /// `fk5_to_icrs` are exactly the transposes, as the precession factor is the identity).
    static func steps(from: SkyFrame, to: SkyFrame) -> (Rotation, Rotation)? {
        switch (from, to) {
        case (.icrs, .galactic): return (icrsToFK5, fk5ToGalactic)
        case (.galactic, .icrs): return (fk5ToGalactic.transposed, icrsToFK5.transposed)
        default: return nil
        }
    }

    /// astropy's degree → radian factor, and its float32 rounding used for float32 angles.
    static let radiansPerDegree = Angle.radiansPerDegree
    static let radiansPerDegree32 = Float(Angle.radiansPerDegree)
    /// 360° in radians as `u.degree.to(u.rad, 360.0)` gives it: the period of a `Longitude`
    /// held in radians.
    static let turnRadians = 360 * Angle.radiansPerDegree

    /// A stored angle in degrees as astropy's `Longitude` (`wrap: true`) or `Latitude` holds it
    /// and turns it into radians, in the stored precision; returned widened to `Double` exactly.
    @inline(__always)
    static func radians(_ degrees: Double, _ precision: StoredPrecision, wrap: Bool) -> Double {
        switch precision {
        case .float32:
            let value = wrap ? wrapped(Float(degrees), turn: 360) : Float(degrees)
            return Double(value * radiansPerDegree32)
        case .float64:
            let value = wrap ? wrapped(degrees, turn: 360) : degrees
            return value * radiansPerDegree
        }
    }

    /// One matrix transform of a unit vector given and returned as (lon, lat) in radians:
    /// ERFA `s2c`, `rxp`, `c2s`, then the target `Longitude`'s wrap into [0, 2π).
    @inline(__always)
    static func apply(_ r: Rotation, lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        let cp = cos(lat)
        let x = cos(lon) * cp, y = sin(lon) * cp, z = sin(lat)
        let m = r.m
        // eraRxp accumulates from 0.0 (which also fixes the sign of a zero sum).
        var u = 0.0, v = 0.0, w = 0.0
        u += m.0 * x; u += m.1 * y; u += m.2 * z
        v += m.3 * x; v += m.4 * y; v += m.5 * z
        w += m.6 * x; w += m.7 * y; w += m.8 * z
        let d2 = u * u + v * v
        let theta = d2 == 0 ? 0 : atan2(v, u)
        let phi = w == 0 ? 0 : atan2(w, d2.squareRoot())
        return (wrapped(theta, turn: turnRadians), phi)
    }

    /// astropy's `Angle._wrap_at(360°)` into `[0, turn)` in the value's own precision: values in
    /// range are untouched; others lose `floor_divide(value, turn) * turn`, then at most one
    /// more turn is added or removed to repair rounding. NaN stays NaN.
    @inline(__always)
    static func wrapped<T: BinaryFloatingPoint>(_ value: T, turn: T) -> T {
        guard value < 0 || value >= turn else { return value }
        var result = value - numpyFloorDivide(value, turn) * turn
        if result >= turn { result -= turn }
        if result < 0 { result += turn }
        return result
    }

    /// numpy's `floor_divide` for floats (`npy_divmod`): `fmod`, the exact quotient of the
    /// remainder-free part, a sign fix-up and a rounding repair.
    static func numpyFloorDivide<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
        if b == 0 { return a / b }
        var mod = a.truncatingRemainder(dividingBy: b)
        var div = (a - mod) / b
        if mod != 0, (b < 0) != (mod < 0) {
            mod += b
            div -= 1
        }
        guard div != 0 else { return T(signOf: a / b, magnitudeOf: 0) }
        var floorDiv = div.rounded(.down)
        if div - floorDiv > 0.5 { floorDiv += 1 }
        return floorDiv
    }
}
