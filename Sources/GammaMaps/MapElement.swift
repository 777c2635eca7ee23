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
    /// `astype`; non-zero for `Bool`). A static function rather than an initializer, so that
    /// `values.map(Float.init)` stays unambiguous in code that imports GammaMaps.
    static func converting(_ value: Double) -> Self
    /// The element as a double (1/0 for `Bool`).
    var mapValue: Double { get }
    /// Whether the element is NaN (always false for integers and `Bool`).
    var isNaNElement: Bool { get }
    /// The element from its FITS representation.
    static func fromFITSStorage(_ value: FITSStorage) -> Self
    var fitsStorage: FITSStorage { get }
}

extension Float: MapElement {
    public static func converting(_ value: Double) -> Self { Float(value) }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { isNaN }
    public static func fromFITSStorage(_ fitsStorage: Float) -> Self { fitsStorage }
    public var fitsStorage: Float { self }
}

extension Double: MapElement {
    public static func converting(_ value: Double) -> Self { value }
    public var mapValue: Double { self }
    public var isNaNElement: Bool { isNaN }
    public static func fromFITSStorage(_ fitsStorage: Double) -> Self { fitsStorage }
    public var fitsStorage: Double { self }
}

extension Int: MapElement {
    public static func converting(_ value: Double) -> Self { value.isFinite && abs(value) < 9.2e18 ? Int(value) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public static func fromFITSStorage(_ fitsStorage: Int) -> Self { fitsStorage }
    public var fitsStorage: Int { self }
}

extension Int32: MapElement {
    public static func converting(_ value: Double) -> Self { value.isFinite && abs(value) < 9.2e18 ? Int32(truncatingIfNeeded: Int(value)) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public static func fromFITSStorage(_ fitsStorage: Int32) -> Self { fitsStorage }
    public var fitsStorage: Int32 { self }
}

extension Int16: MapElement {
    public static func converting(_ value: Double) -> Self { value.isFinite && abs(value) < 9.2e18 ? Int16(truncatingIfNeeded: Int(value)) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public static func fromFITSStorage(_ fitsStorage: Int16) -> Self { fitsStorage }
    public var fitsStorage: Int16 { self }
}

extension UInt8: MapElement {
    public static func converting(_ value: Double) -> Self { value.isFinite && abs(value) < 9.2e18 ? UInt8(truncatingIfNeeded: Int(value)) : 0 }
    public var mapValue: Double { Double(self) }
    public var isNaNElement: Bool { false }
    public static func fromFITSStorage(_ fitsStorage: UInt8) -> Self { fitsStorage }
    public var fitsStorage: UInt8 { self }
}

extension Bool: MapElement {
    public static var zero: Bool { false }
    /// NaN counts as true, as numpy's `astype(bool)`.
    public static func converting(_ value: Double) -> Self { value != 0 }
    public var mapValue: Double { self ? 1 : 0 }
    public var isNaNElement: Bool { false }
    public static func fromFITSStorage(_ fitsStorage: Int) -> Self { fitsStorage != 0 }
    public var fitsStorage: Int { self ? 1 : 0 }
}
