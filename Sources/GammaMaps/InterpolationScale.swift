import Foundation

/// The scale in which coordinates or values are interpolated (Gammapy's `interpolation_scale`,
/// the `interp` of a `MapAxis` and the `values_scale` of an interpolator).
///
/// - `lin`: identity.
/// - `log`: values below the smallest normal number of their type (`Double` or `Float`) are
///   clipped to it before the logarithm; on the way back, results whose magnitude is at most
///   twice that number become zero. So a zero value interpolates as `log(2.2e-308)` and comes
///   back as exactly zero.
/// - `sqrt`: `sign(v) * sqrt(|v|)`, back as the square.
public enum InterpolationScale: String, Sendable, Hashable, CaseIterable {
    case lin
    case log
    case sqrt

    /// Parses Gammapy's spelling (`"lin"`, `"linear"`, `"log"`, `"sqrt"`).
    public init?(gammapyName: String) {
        switch gammapyName {
        case "lin", "linear": self = .lin
        case "log": self = .log
        case "sqrt": self = .sqrt
        default: return nil
        }
    }

    /// Scales a `Double` (numpy float64 arithmetic).
    @inlinable
    public func scale(_ v: Double) -> Double {
        switch self {
        case .lin:
            return v
        case .log:
            // np.clip(v, tiny, inf) keeps NaN
            let tiny = Double.leastNormalMagnitude
            return Foundation.log(v < tiny ? tiny : v)
        case .sqrt:
            let s: Double = v > 0 ? 1 : (v < 0 ? -1 : (v.isNaN ? .nan : 0))
            return s * (s * v).squareRoot()
        }
    }

    /// Scales a `Float` in single precision, as numpy does for a float32 array.
    @inlinable
    public func scale(_ v: Float) -> Float {
        switch self {
        case .lin:
            return v
        case .log:
            let tiny = Float.leastNormalMagnitude
            return Foundation.logf(v < tiny ? tiny : v)
        case .sqrt:
            let s: Float = v > 0 ? 1 : (v < 0 ? -1 : (v.isNaN ? .nan : 0))
            return s * (s * v).squareRoot()
        }
    }

    /// The inverse of `scale` (float64).
    @inlinable
    public func inverse(_ v: Double) -> Double {
        switch self {
        case .lin:
            return v
        case .log:
            return Self.fromExponential(Foundation.exp(v))
        case .sqrt:
            return v * v
        }
    }

    /// The last step of `log`'s inverse, for loops that take the exponentials themselves
    /// (`LibmRoutines.exp`): magnitudes up to twice the smallest normal number become zero.
    @inlinable
    public static func fromExponential(_ out: Double) -> Double {
        let tiny = Double.leastNormalMagnitude
        return Swift.abs(out) - tiny <= tiny ? 0 : out
    }
}
