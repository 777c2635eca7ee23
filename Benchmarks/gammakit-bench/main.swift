import Foundation
import GammaKit

/// GammaKit's side of `make bench`: each subcommand does one benchmark's work once and prints
/// one JSON line with its own wall time, like Benchmarks/reference/*.py do for Gammapy.
/// The process's allocator is set up as `gammakit`'s (`MemoryPolicy`).
MemoryPolicy.reuseFreedMemory()
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: gammakit-bench load DATASTORE | parts DATASTORE [sky|maps|makers] | dr1 DATASTORE [N] [THREADS] | floor DATASTORE [N] [THREADS]\n".utf8))
    exit(2)
}

// A benchmark that cannot run (no data store, a damaged file) says why instead of trapping.
do {
    switch arguments[1] {
    case "load":
        let start = Date()
        let result = try LoadBenchmark.run(dataStore: arguments[2])
        let seconds = Date().timeIntervalSince(start)
        print(#"{"seconds": \#(seconds), "observations": \#(result.observations), "events": \#(result.events)}"#)
    case "parts":
        try PartsBenchmark.run(dataStore: arguments[2], only: arguments.count > 3 ? arguments[3] : nil)
    case "dr1", "floor":
        let limit = arguments.count > 3 ? Int(arguments[3]) : nil
        let threads = arguments.count > 4 ? Int(arguments[4]) ?? 1 : ProcessInfo.processInfo.activeProcessorCount
        let start = Date()
        var usage = rusage()
        if arguments[1] == "dr1" {
            let result = try DR1Benchmark.run(dataStore: arguments[2], limit: limit, threads: threads)
            let seconds = Date().timeIntervalSince(start)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            print(#"{"seconds": \#(seconds), "observations": \#(result.observations), "counts": \#(Int(result.counts)), "per_obs_median": \#(DR1Benchmark.median(result.perObservation)), "cpu_seconds": \#(cpu), "threads": \#(threads)}"#)
        } else {
            let perRun = try DR1Benchmark.floor(dataStore: arguments[2], limit: limit, threads: threads)
            let seconds = Date().timeIntervalSince(start)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            print(#"{"seconds": \#(seconds), "observations": \#(perRun.count), "per_obs_median": \#(DR1Benchmark.median(perRun)), "cpu_seconds": \#(cpu), "threads": \#(threads)}"#)
        }
    default:
        FileHandle.standardError.write(Data("unknown benchmark \(arguments[1])\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("gammakit-bench \(arguments[1]): \(error)\n".utf8))
    exit(1)
}
