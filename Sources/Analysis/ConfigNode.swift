import Yams

/// A YAML node with its dotted key path, for decoding with errors that name the key.
struct ConfigNode {
    let node: Node?
    let path: String

    func child(_ key: String, _ value: Node?) -> ConfigNode {
        ConfigNode(node: value, path: path.isEmpty ? key : path + "." + key)
    }

    var isAbsent: Bool { node == nil }

    var isNull: Bool {
        guard let node else { return true }
        if case .scalar(let scalar) = node { return scalar.string == "null" || scalar.string == "~" || scalar.string.isEmpty && scalar.style == .plain }
        return false
    }

    func error(_ message: String) -> ConfigError { ConfigError(key: path, message) }

    /// The entries of a mapping, refusing keys not in `allowed` (with a suggestion).
    func mapping(allowed: [String]) throws -> [String: ConfigNode] {
        guard let node, !isNull else { return [:] }
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of \(allowed.joined(separator: ", "))") }
        var result: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error("a key is not a string") }
            guard allowed.contains(key) else {
                let full = path.isEmpty ? key : path + "." + key
                var message = "unknown key '\(key)'"
                if let suggestion = Self.closest(key, in: allowed) { message += " (did you mean '\(suggestion)'?)" }
                message += "; allowed here: \(allowed.joined(separator: ", "))"
                throw ConfigError(key: full, message)
            }
            result[key] = child(key, value)
        }
        return result
    }

    func string() throws -> String? {
        guard !isNull, let node else { return nil }
        guard case .scalar(let scalar) = node else { throw error("expected a single value") }
        return scalar.string
    }

    func requireString() throws -> String {
        guard let value = try string() else { throw error("a value is required") }
        return value
    }

    func bool() throws -> Bool? {
        guard let text = try string() else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, got '\(text)'")
        }
    }

    func int() throws -> Int? {
        guard let text = try string() else { return nil }
        guard let value = Int(text) else { throw error("expected an integer, got '\(text)'") }
        return value
    }

    func angle() throws -> Double? {
        guard let text = try string() else { return nil }
        return try ConfigQuantity.angle(text, key: path)
    }

    func energy() throws -> EnergyQuantity? {
        guard let text = try string() else { return nil }
        return try ConfigQuantity.energy(text, key: path)
    }

    /// A sequence; a lone scalar is not accepted (Gammapy's lists must be lists).
    func sequence() throws -> [ConfigNode]? {
        guard let node, !isNull else { return nil }
        guard case .sequence(let items) = node else { throw error("expected a list, e.g. [a, b]") }
        return items.enumerated().map { ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]") }
    }

    /// Any value, kept as a tree (for the free-form `parameters` of makers).
    func value() throws -> ConfigValue {
        guard let node, !isNull else { return .null }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let b = try? bool() { return .bool(b) }
                if let i = Int(scalar.string) { return .int(i) }
                if let d = Double(scalar.string) { return .double(d) }
            }
            return .string(scalar.string)
        case .sequence(let items):
            return .list(try items.enumerated().map { try ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]").value() })
        case .mapping(let mapping):
            var result: [String: ConfigValue] = [:]
            for (k, v) in mapping {
                guard let key = k.string else { throw error("a key is not a string") }
                result[key] = try child(key, v).value()
            }
            return .dictionary(result)
        case .alias:
            throw error("YAML aliases are not supported")
        }
    }

    /// The allowed key nearest to a misspelt one (edit distance ≤ 3), for the error message.
    static func closest(_ key: String, in candidates: [String]) -> String? {
        func distance(_ a: String, _ b: String) -> Int {
            let a = Array(a), b = Array(b)
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where i <= a.count {
                var previous = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where j <= b.count {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let best = candidates.map { ($0, distance(key, $0)) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 3 ? $0.0 : nil }
    }
}

/// A free-form configuration value (maker `parameters`).
public enum ConfigValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    case dictionary([String: ConfigValue])
}
