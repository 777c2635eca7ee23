import Foundation
import GammaKit

/// GammaKit's side of `make bench`: each subcommand does one benchmark's work once and prints
/// one JSON line with its own wall time, like Benchmarks/reference/*.py do for Gammapy.
/// The process's allocator is set up as `gammakit`'s (`MemoryPolicy`).
MemoryPolicy.reuseFreedMemory()
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: gammakit-bench load DATASTORE | parts DATASTORE [sky|maps|makers]\n".utf8))
    exit(2)
}

switch arguments[1] {
case "load":
    let start = Date()
    let result = try LoadBenchmark.run(dataStore: arguments[2])
    let seconds = Date().timeIntervalSince(start)
    print(#"{"seconds": \#(seconds), "observations": \#(result.observations), "events": \#(result.events)}"#)
case "parts":
    try PartsBenchmark.run(dataStore: arguments[2], only: arguments.count > 3 ? arguments[3] : nil)
default:
    FileHandle.standardError.write(Data("unknown benchmark \(arguments[1])\n".utf8))
    exit(2)
}
