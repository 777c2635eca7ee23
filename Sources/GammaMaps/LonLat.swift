/// A pair of values for the longitude (x) and latitude (y) image axes, as Gammapy's
/// `width`, `binsz`, `npix` and `refpix` arguments take "one value or (lon, lat)".
///
/// Literals read the way Gammapy calls do: `width: 5` (both axes), `width: [5, 4]`
/// (lon, lat), `binsz: 0.02`.
public struct LonLat<Value: Sendable & Equatable>: Sendable, Equatable {
    public var lon: Value
    public var lat: Value

    public init(lon: Value, lat: Value) {
        self.lon = lon
        self.lat = lat
    }

    /// The same value on both axes.
    public init(_ both: Value) {
        self.init(lon: both, lat: both)
    }
}

extension LonLat: ExpressibleByArrayLiteral {
    /// `[v]` or `[lon, lat]`; any other count is a programming error.
    public init(arrayLiteral elements: Value...) {
        precondition(elements.count == 1 || elements.count == 2, "LonLat takes one value or two (lon, lat)")
        self.init(lon: elements[0], lat: elements[elements.count - 1])
    }
}

extension LonLat: ExpressibleByIntegerLiteral where Value: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Value.IntegerLiteralType) {
        self.init(Value(integerLiteral: value))
    }
}

extension LonLat: ExpressibleByFloatLiteral where Value: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Value.FloatLiteralType) {
        self.init(Value(floatLiteral: value))
    }
}

extension LonLat: CustomStringConvertible {
    public var description: String { lon == lat ? "\(lon)" : "(\(lon), \(lat))" }
}
