/// A problem in an analysis configuration. `key` is the full dotted path of the offending
/// entry (`datasets.geom.wcs.binsize`), so the user can find it in the YAML.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String?
    public var key: String
    public var message: String

    public init(file: String? = nil, key: String, _ message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        let location = [file, key.isEmpty ? nil : key].compactMap { $0 }.joined(separator: ", key ")
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
