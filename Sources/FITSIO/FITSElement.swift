import CFITSIO

/// A numeric Swift type that cfitsio can read into and write from: one generic reader and
/// writer serve every column and image type, cfitsio converting between them (and applying
/// TSCAL/TZERO or BSCALE/BZERO).
public protocol FITSElement: Sendable, Numeric {
    /// cfitsio's datatype code (TDOUBLE, TFLOAT, ...).
    static var fitsDataType: Int32 { get }
    /// BITPIX of an image of this type.
    static var bitpix: Int32 { get }
    /// TFORM letter of a binary-table column of this type.
    static var tformCode: String { get }
}

extension Double: FITSElement {
    public static var fitsDataType: Int32 { TDOUBLE }
    public static var bitpix: Int32 { -64 }
    public static var tformCode: String { "D" }
}

extension Float: FITSElement {
    public static var fitsDataType: Int32 { TFLOAT }
    public static var bitpix: Int32 { -32 }
    public static var tformCode: String { "E" }
}

extension Int64: FITSElement {
    public static var fitsDataType: Int32 { TLONGLONG }
    public static var bitpix: Int32 { 64 }
    public static var tformCode: String { "K" }
}

extension Int: FITSElement {
    public static var fitsDataType: Int32 { TLONGLONG }
    public static var bitpix: Int32 { 64 }
    public static var tformCode: String { "K" }
}

extension Int32: FITSElement {
    public static var fitsDataType: Int32 { TINT }
    public static var bitpix: Int32 { 32 }
    public static var tformCode: String { "J" }
}

extension Int16: FITSElement {
    public static var fitsDataType: Int32 { TSHORT }
    public static var bitpix: Int32 { 16 }
    public static var tformCode: String { "I" }
}

extension UInt8: FITSElement {
    public static var fitsDataType: Int32 { TBYTE }
    public static var bitpix: Int32 { 8 }
    public static var tformCode: String { "B" }
}
