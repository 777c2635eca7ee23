import Foundation

extension ConfigNode {
    /// The node's string as one of `T`'s cases (the makers' own enums: safe-mask methods, map
    /// selection, background methods, frames), nil when absent or null; any other string is
    /// an error naming the key, the choices and the closest one.
    func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, what: String) throws -> T? where T.RawValue == String {
        guard let name = try string() else { return nil }
        if let value = T(rawValue: name) { return value }
        let names = T.allCases.map(\.rawValue)
        var message = "'\(name)' is not \(what); choose from \(names.joined(separator: ", "))"
        if let near = Self.closest(name, in: names) { message += " (did you mean '\(near)'?)" }
        throw error(message)
    }

    /// `choice` for a node that must be present.
    func requireChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, what: String) throws -> T where T.RawValue == String {
        guard let value = try choice(type, what: what) else { throw error("expected \(what), got nothing") }
        return value
    }
}
