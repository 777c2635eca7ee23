import Foundation

/// JSON parsed with every number read exactly: Foundation's `JSONSerialization` on Linux can
/// miss a double by an ulp (0.09999999999999998 reads as 0.09999999999999996), which bit-exact
/// fixtures cannot afford. Objects become `[String: Any]`, arrays `[Any]`, numbers `Double`
/// (`[Double]` for arrays of numbers only), `null` becomes `NSNull`.
public enum ExactJSON {
    public static func parse(_ data: Data) throws -> Any { try JSONDecoder().decode(Value.self, from: data).any }

    public static func parse(contentsOf url: URL) throws -> Any { try parse(Data(contentsOf: url)) }

    private enum Value: Decodable {
        case number(Double), string(String), bool(Bool), null, array([Value]), object([String: Value])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let b = try? container.decode(Bool.self) { self = .bool(b) }
            else if let d = try? container.decode(Double.self) { self = .number(d) }
            else if let s = try? container.decode(String.self) { self = .string(s) }
            else if let a = try? container.decode([Value].self) { self = .array(a) }
            else { self = .object(try container.decode([String: Value].self)) }
        }

        var any: Any {
            switch self {
            case .number(let d): return d
            case .string(let s): return s
            case .bool(let b): return b
            case .null: return NSNull()
            case .object(let o): return o.mapValues(\.any)
            case .array(let a):
                let numbers = a.compactMap { if case .number(let d) = $0 { return d } else { return nil } }
                return numbers.count == a.count && !a.isEmpty ? numbers : a.map(\.any)
            }
        }
    }
}
