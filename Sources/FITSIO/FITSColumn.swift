/// The values of one binary-table column to be written, all rows flattened.
public enum FITSColumnValues: Sendable {
    case double([Double])
    case float([Float])
    case int64([Int64])
    case int32([Int32])
    case int16([Int16])
    case uint8([UInt8])
    case bool([Bool])
    /// Fixed-width strings; `width` is the TFORM repeat (longest string when nil).
    case string([String], width: Int? = nil)
    /// Variable-length arrays, one per row (TFORM `PE(max)`, `PD`, `PJ`, `PI`), in the heap.
    case variableFloat([[Float]])
    case variableDouble([[Double]])
    case variableInt32([[Int32]])
    case variableInt16([[Int16]])

    /// Strings and variable-length arrays hold one value per row whatever the repeat count.
    var isOneCellPerRow: Bool {
        switch self {
        case .string, .variableFloat, .variableDouble, .variableInt32, .variableInt16: return true
        default: return false
        }
    }

    var count: Int {
        switch self {
        case .double(let v): return v.count
        case .float(let v): return v.count
        case .int64(let v): return v.count
        case .int32(let v): return v.count
        case .int16(let v): return v.count
        case .uint8(let v): return v.count
        case .bool(let v): return v.count
        case .string(let v, _): return v.count
        // one cell per row
        case .variableFloat(let v): return v.count
        case .variableDouble(let v): return v.count
        case .variableInt32(let v): return v.count
        case .variableInt16(let v): return v.count
        }
    }
}

/// A column to write: name, values, elements per cell, optional TDIM (FITS order) and unit.
public struct FITSColumn: Sendable {
    public var name: String
    public var values: FITSColumnValues
    /// Elements per row (1 for scalar columns).
    public var repeatCount: Int
    /// TDIM in FITS order (fastest first), written when the cell is multi-dimensional.
    public var dimensions: [Int]?
    public var unit: String

    public init(_ name: String, _ values: FITSColumnValues, repeatCount: Int = 1, dimensions: [Int]? = nil, unit: String = "") {
        self.name = name
        self.values = values
        self.repeatCount = repeatCount
        self.dimensions = dimensions
        self.unit = unit
    }

    /// The TFORM for this column.
    var tform: String {
        switch values {
        case .double: return "\(repeatCount)D"
        case .float: return "\(repeatCount)E"
        case .int64: return "\(repeatCount)K"
        case .int32: return "\(repeatCount)J"
        case .int16: return "\(repeatCount)I"
        case .uint8: return "\(repeatCount)B"
        case .bool: return "\(repeatCount)L"
        case .string(let strings, let width):
            return "\(max(width ?? strings.map { $0.utf8.count }.max() ?? 1, 1))A"
        case .variableFloat(let rows): return "PE(\(rows.map(\.count).max() ?? 0))"
        case .variableDouble(let rows): return "PD(\(rows.map(\.count).max() ?? 0))"
        case .variableInt32(let rows): return "PJ(\(rows.map(\.count).max() ?? 0))"
        case .variableInt16(let rows): return "PI(\(rows.map(\.count).max() ?? 0))"
        }
    }
}
