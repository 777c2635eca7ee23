import Analysis
import CFuzzerDriver
import Glibc

/// Arbitrary bytes as a configuration: YAML → `AnalysisConfig` → memory estimate → reduction
/// plan (makers and reference geometries), and the empty reference dataset when the estimate
/// is small. No data store is read. Any error is fine; a crash, a hang, a huge allocation or a
/// sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let config = try? AnalysisConfig.parse(yaml: text, baseDirectory: "/fuzz") else { return 0 }
    _ = config.inputPaths
    let memory = ReductionMemory(config: config, observationCount: 3, jobs: 2)
    guard (try? memory.check(limit: 4e9)) != nil else { return 0 }
    guard let plan = try? ReductionPlan(config: config, warningHandler: { _ in }) else { return 0 }
    if memory.bytes < 50e6 { _ = try? plan.makeReference() }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOneInput($0, $1) })
