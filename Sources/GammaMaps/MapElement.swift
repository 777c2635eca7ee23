import FITSIO

/// A value type a map can hold: `Float` (Gammapy's default float32), `Double`, `Int`,
/// `Int32`, `Int16`, `UInt8` and `Bool` (masks).
///
/// Each element has a FITS image representation: numbers as themselves, `Bool` as 64-bit
/// integers 0/1 as Gammapy writes masks (`data.astype(int)`).
public protocol MapElement: Sendable, Equatable {
    /// How the element is stored in a FITS image.
    associatedtype FITSStorage: FITSElement
    static var zero: Self { get }
    /// The element nearest to a double (truncation toward zero for integers, as numpy's
    /// `astype`; non-zero for `Bool`).
    init(mapValue value: Double)
    /// The element as a double (1/0 for `Bool`).
    var mapValue: Double { get }
    /// Whether the element is NaN (always false for integers and `Bool`).
    var isNaNElement: Bool { get }
    init(fitsStorage: FITSStorage)
    var fitsStorage: FITSStorage { get }
}

extension Float: MapElement {
    public init(mapValue value: Double) { self = Float(value) }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { isNaN }
    public init(fitsStorage: Float) { self = fitsStorage }
    public var fitsStorage: Float { self }
}

extension Double: MapElement {
    public init(mapValue value: Double) { self = value }
    public var mapValue: Double { self }
    public var isNaNElement: Bool { isNaN }
    public init(fitsStorage: Double) { self = fitsStorage }
    public var fitsStorage: Double { self }
}

extension Int: MapElement {
    public init(mapValue value: Double) { self = value.isFinite ? Int(value) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public init(fitsStorage: Int) { self = fitsStorage }
    public var fitsStorage: Int { self }
}

extension Int32: MapElement {
    public init(mapValue value: Double) { self = value.isFinite ? Int32(truncatingIfNeeded: Int(value)) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public init(fitsStorage: Int32) { self = fitsStorage }
    public var fitsStorage: Int32 { self }
}

extension Int16: MapElement {
    public init(mapValue value: Double) { self = value.isFinite ? Int16(truncatingIfNeeded: Int(value)) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public init(fitsStorage: Int16) { self = fitsStorage }
    public var fitsStorage: Int16 { self }
}

extension UInt8: MapElement {
    public init(mapValue value: Double) { self = value.isFinite ? UInt8(truncatingIfNeeded: Int(value)) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public init(fitsStorage: UInt8) { self = fitsStorage }
    public var fitsStorage: UInt8 { self }
}

extension Bool: MapElement {
    public static var zero: Bool { false }
    /// NaN counts as true, as numpy's `astype(bool)`.
    public init(mapValue value: Double) { self = value != 0 }
    public var mapValue: Double { self ? 1 : 0 }
    public var isNaNElement: Bool { false }
    public init(fitsStorage: Int) { self = fitsStorage != 0 }
    public var fitsStorage: Int { self ? 1 : 0 }
}
