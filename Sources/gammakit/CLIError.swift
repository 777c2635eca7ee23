/// A failure the user must act on (bad input, missing file): printed as "Error: …", exit code 1,
/// without the usage text that argument errors get.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ error: Error) { description = "\(error)" }
    init(_ message: String) { description = message }
}
