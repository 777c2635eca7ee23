import GammaKit

/// A failure the user must act on (bad input, missing file): printed as "Error: …", exit code 1,
/// without the usage text that argument errors get.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ error: Error) { description = "\(error)" }
    init(_ message: String) { description = message }

    /// `error` for the user; a configuration error found after the file was read (while
    /// planning: the memory estimate, the makers) names `configFile` too.
    init(_ error: Error, configFile: String) {
        guard var configError = error as? ConfigError, configError.file == nil else {
            self.init(error)
            return
        }
        configError.file = configFile
        self.init(configError)
    }
}
