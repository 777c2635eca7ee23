import Foundation

/// Runs the `gammakit` executable built beside the test bundle.
enum GammaKitCLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        // The test bundle lives in the build folder (.build/<triple>/debug), next to the products.
        var url = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("gammakit").path) && url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("gammakit").path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}
