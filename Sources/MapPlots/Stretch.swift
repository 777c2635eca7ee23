import Foundation

/// How data values map to colours, as astropy's `simple_norm` stretches that Gammapy's
/// `WcsNDMap.plot(stretch=...)` uses: values are first scaled linearly to [0, 1] between the
/// minimum and maximum (`vmin`, `vmax`), then stretched.
public enum Stretch: String, Sendable, CaseIterable {
    /// `y = x`.
    case linear
    /// `y = √x`.
    case sqrt
    /// astropy's `LogStretch(a=1000)`: `y = log(a·x + 1) / log(a + 1)`.
    case log

    /// The stretched value of `x` in [0, 1] (clipped).
    public func callAsFunction(_ x: Double) -> Double {
        let c = min(max(x, 0), 1)
        switch self {
        case .linear: return c
        case .sqrt: return c.squareRoot()
        case .log: return Foundation.log(1000 * c + 1) / Foundation.log(1001)
        }
    }
}
