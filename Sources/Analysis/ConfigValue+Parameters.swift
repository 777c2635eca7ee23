import Foundation

/// Reading maker `parameters` (free-form in the YAML) as the types the makers take, with
/// errors naming `<section>.parameters.<key>`.
struct MakerParameters {
    let values: [String: ConfigValue]
    let section: String

    /// Refuses keys the maker does not take (Gammapy would fail with an unexpected keyword).
    func check(allowed: [String]) throws {
        for key in values.keys.sorted() where !allowed.contains(key) {
            var message = "unknown parameter '\(key)'"
            if let suggestion = ConfigNode.closest(key, in: allowed) { message += " (did you mean '\(suggestion)'?)" }
            throw ConfigError(key: "\(section).\(key)", message + "; allowed: \(allowed.joined(separator: ", "))")
        }
    }

    func double(_ key: String) throws -> Double? {
        switch values[key] {
        case nil, .null?: return nil
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case .string(let s)?:
            guard let d = Double(s) else { throw ConfigError(key: "\(section).\(key)", "expected a number, got '\(s)'") }
            return d
        default: throw ConfigError(key: "\(section).\(key)", "expected a number")
        }
    }

    /// An angle in degrees from "3 deg" (Gammapy parameters are quantities with units).
    func angle(_ key: String) throws -> Double? {
        switch values[key] {
        case nil, .null?: return nil
        case .string(let s)?: return try ConfigQuantity.angle(s, key: "\(section).\(key)")
        default: throw ConfigError(key: "\(section).\(key)", "expected an angle with its unit, e.g. '3 deg'")
        }
    }

    func string(_ key: String) throws -> String? {
        switch values[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw ConfigError(key: "\(section).\(key)", "expected a string")
        }
    }
}
