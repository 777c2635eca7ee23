import Foundation
import GammaKit

/// The command line's account of a reduction's observations as they are done: on a terminal a
/// progress bar (count, rate, time left) redrawn on stderr; otherwise one line per observation
/// on stderr (a batch log); nothing with `--quiet`. At the end, `table` lists every observation
/// reduced, skipped or failed with its counts, livetime and time taken.
final class ReductionProgress: @unchecked Sendable {
    enum Display { case bar, lines, none }

    private let display: Display
    private let start = Date()
    private let lock = NSLock()
    private var reports: [ObservationReport] = []

    init(quiet: Bool) {
        display = quiet ? .none : (isatty(STDERR_FILENO) != 0 ? .bar : .lines)
    }

    func record(_ report: ObservationReport) {
        lock.lock()
        defer { lock.unlock() }
        reports.append(report)
        let done = reports.count, elapsed = Date().timeIntervalSince(start)
        let rate = Double(done) / Swift.max(elapsed, 1e-9)
        switch display {
        case .none: break
        case .lines:
            let status = switch report.outcome {
            case .reduced: "reduced, \(Int(report.counts)) counts, livetime \(fixed(report.livetime, 1)) s"
            case .skipped(let why): "skipped: \(why)"
            case .failed(let why): "FAILED: \(why)"
            }
            FileHandle.standardError.write(Data("observation \(report.obsID) (\(done)/\(report.total)): \(status), \(fixed(report.seconds, 2)) s\n".utf8))
        case .bar:
            let width = 30, filled = report.total == 0 ? width : width * done / report.total
            let left = Double(report.total - done) / rate
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "\r\(bar) \(done)/\(report.total) observations  \(fixed(rate, 1))/s  \(done == report.total ? "done in \(fixed(elapsed, 1)) s" : "\(fixed(left, 0)) s left")   "
            FileHandle.standardError.write(Data(line.utf8))
            if done == report.total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }

    /// The observations that failed (`--skip-failed`), and how many were reduced.
    var failures: [ObservationReport] {
        lock.lock()
        defer { lock.unlock() }
        return reports.filter { if case .failed = $0.outcome { true } else { false } }
    }

    var reducedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return reports.filter { $0.outcome == .reduced }.count
    }

    /// Every observation in order of id, with its outcome, and the totals.
    var table: String {
        lock.lock()
        let reports = self.reports.sorted { $0.obsID < $1.obsID }
        lock.unlock()
        var text = TextTable([("OBS_ID", "", .right), ("RESULT", "", .left), ("COUNTS", "", .right), ("LIVETIME", "s", .right),
                              ("TIME", "s", .right), ("NOTE", "", .left)])
        for r in reports {
            let (result, note) = switch r.outcome {
            case .reduced: ("reduced", "")
            case .skipped(let why): ("skipped", why)
            case .failed(let why): ("failed", why)
            }
            text.append([String(r.obsID), result, r.outcome == .reduced ? String(Int(r.counts)) : "–", fixed(r.livetime, 1), fixed(r.seconds, 2), note])
        }
        func count(_ what: (ObservationReport.Outcome) -> Bool) -> Int { reports.filter { what($0.outcome) }.count }
        let reduced = count { $0 == .reduced }
        let skipped = count { if case .skipped = $0 { true } else { false } }
        let failed = count { if case .failed = $0 { true } else { false } }
        let counts = reports.filter { $0.outcome == .reduced }.map(\.counts).reduce(0, +)
        let livetime = reports.filter { $0.outcome == .reduced }.map(\.livetime).reduce(0, +)
        return text.rendered + "\n\(reduced) reduced, \(skipped) skipped, \(failed) failed: \(Int(counts)) counts, livetime \(fixed(livetime, 1)) s"
    }

    /// Refuses to write a reduction in which every observation failed.
    func checkSomethingReduced() throws {
        let failed = failures
        guard reducedCount == 0, let first = failed.first, case .failed(let why) = first.outcome else { return }
        throw CLIError("every observation failed, nothing is written (\(failed.map { String($0.obsID) }.joined(separator: ", "))); the first: \(why)")
    }

    /// `failures.yaml` into the output's staging folder, when observations failed.
    func writeFailures(into staging: String) throws {
        let failed = failures
        if !failed.isEmpty { try FailuresFile.write(failed, into: staging) }
    }
}
