import Foundation

/// A scheduler's command-line tool (sbatch, scontrol, squeue) run as a process, found on PATH.
public enum SchedulerCommand {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ tool: String, _ arguments: [String]) throws(BatchEngineError) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw BatchEngineError("cannot run \(tool): \(error.localizedDescription)")
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                            stderr: String(decoding: stderr, as: UTF8.self))
        if result.status == 127 {
            throw BatchEngineError("\(tool) was not found on PATH: run this on a machine where Slurm's commands are installed (a login node)")
        }
        return result
    }

    /// The output of a command that must succeed.
    static func check(_ tool: String, _ arguments: [String]) throws(BatchEngineError) -> String {
        let result = try run(tool, arguments)
        guard result.status == 0 else {
            let said = (result.stderr + result.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
            throw BatchEngineError("\(([tool] + arguments).joined(separator: " ")) failed (exit status \(result.status)): \(said)")
        }
        return result.stdout
    }

    /// Those of `jobs` (ids) still in Slurm's queue, pending or running (`squeue`); none when
    /// squeue is not there.
    public static func queued(_ jobs: [String]) throws(BatchEngineError) -> [String] {
        guard let result = try? run("squeue", ["-h", "-o", "%i", "-j", jobs.joined(separator: ",")]), result.status == 0 else { return [] }
        return result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
