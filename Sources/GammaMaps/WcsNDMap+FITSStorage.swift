import FITSIO
import Foundation

/// How a map's values are stored in a FITS image: the numpy dtype Gammapy would hold them in.
public enum FITSMapStorage: String, Sendable {
    /// 32-bit floats (BITPIX -32): counts, and every map of a dataset created empty or stacked.
    case float32
    /// 64-bit floats (BITPIX -64): maps made from one observation.
    case float64
    /// 64-bit integers 0/1 (BITPIX 64): masks, as Gammapy writes `data.astype(int)`.
    case int64
}

/// Writing a map's image in the dtype Gammapy would hold it in, with extra header cards.
extension Map where Geometry == WcsGeom {
    /// Appends the map as image extension `hdu` and its bands table `<hdu>_BANDS`, as
    /// `append(to:hdu:hduBands:)` does, with the values stored as `storage` (float32 rounds to
    /// nearest, int64 stores 0/1 for masks and truncates otherwise) and `extraCards` (Gammapy's
    /// CREATOR/CREATED) after BUNIT. The META keyword is JSON with Python's separators; meta values
    /// `true`, `false` and `null` are written as JSON literals (GammaMaps reads JSON literals into
    /// those strings), so a map read from a Gammapy file keeps `"is_pointlike": false`.
    public func append(to writer: FITSWriter, hdu: String, storage: FITSMapStorage, extraCards: [FITSCard] = []) throws {
        let name = hdu.uppercased()
        let bands = "\(name)_BANDS"
        var cards = geom.headerCards
        if !geom.axes.isEmpty { cards.append(FITSCard("BANDSHDU", .string(bands))) }
        cards.append(FITSCard("META", .string(Self.metaJSON(meta))))
        cards.append(FITSCard("BUNIT", .string(unit)))
        cards += extraCards
        let shape = Array(dataShape.reversed())
        switch storage {
        case .float32:
            try writer.writeImage(Self.float32Values(data), shape: shape, name: name, header: cards)
        case .float64:
            try writer.writeImage(Self.float64Values(data), shape: shape, name: name, header: cards)
        case .int64:
            try writer.writeImage(Self.int64Values(data), shape: shape, name: name, header: cards)
        }
        if !geom.axes.isEmpty {
            try writer.writeTable(name: bands, columns: geom.axes.bandsColumns, rowCount: geom.axes.binCount,
                                  header: geom.axes.headerCards + extraCards)
        }
    }

    /// The values for writing as float32, float64 or int64 (each through its `Double` value).
    static func float32Values(_ data: [Element]) -> [Float] { converted(data) { Float($0) } }
    static func float64Values(_ data: [Element]) -> [Double] { converted(data) { $0 } }
    static func int64Values(_ data: [Element]) -> [Int] { converted(data) { Int.converting($0) } }

    /// The values converted for writing, in a tight loop over the concrete element type: this
    /// generic code runs unspecialised when called from another module, where a plain `map`
    /// goes through a witness call and an append per element (measured: 40 ms per 2e6 values).
    /// Inlined into the concrete callers above, so that the output type is concrete too (a
    /// generic output type stores each value through a witness: 8 ms per dataset written).
    @inline(__always)
    static func converted<T>(_ data: [Element], _ convert: (Double) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: data.count) { out, count in
            // Reinterpreted, not cast: `as? [Double]` on a generic array casts element by element.
            if Element.self == Double.self {
                unsafeBitCast(data, to: [Double].self).withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = convert(src[i]) }
                }
            } else if Element.self == Float.self {
                unsafeBitCast(data, to: [Float].self).withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = convert(Double(src[i])) }
                }
            } else if Element.self == Bool.self {
                unsafeBitCast(data, to: [Bool].self).withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = convert(src[i] ? 1 : 0) }
                }
            } else {
                for i in data.indices { out[i] = convert(data[i].mapValue) }
            }
            count = data.count
        }
    }

    /// Python's `json.dumps(meta)` (`", "` and `": "` separators, non-ASCII escaped), keys sorted.
    static func metaJSON(_ meta: [String: String]) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value > 0x7e {
                        for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let items = meta.keys.sorted().map { key -> String in
            let value = meta[key]!
            let literal = ["true", "false", "null"].contains(value) ? value : quoted(value)
            return "\(quoted(key)): \(literal)"
        }
        return "{" + items.joined(separator: ", ") + "}"
    }
}
