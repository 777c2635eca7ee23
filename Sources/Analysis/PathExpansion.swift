import Foundation

/// Expands `$VAR` and `${VAR}` in configuration paths, as Gammapy's `make_path` does; an
/// undefined variable is an error naming it (Gammapy would leave it and fail later, obscurely).
enum PathExpansion {
    static func expand(_ path: String, key: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        var result = ""
        var rest = Substring(path)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let name: Substring
            if after.first == "{" {
                guard let close = after.firstIndex(of: "}") else { throw ConfigError(key: key, "unclosed ${ in '\(path)'") }
                name = after[after.index(after: after.startIndex)..<close]
                after = after[after.index(after: close)...]
            } else {
                name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                after = after.dropFirst(name.count)
            }
            guard let value = environment[String(name)], !name.isEmpty else {
                throw ConfigError(key: key, "environment variable $\(name) in '\(path)' is not set")
            }
            result += value
            rest = after
        }
        result += rest
        if result.hasPrefix("~/"), let home = environment["HOME"] { result = home + result.dropFirst() }
        return result
    }
}
