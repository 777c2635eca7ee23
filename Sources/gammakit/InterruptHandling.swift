import Dispatch
import Foundation
import GammaKit

/// SIGINT and SIGTERM (Ctrl-C, `kill`, a batch system's time limit) remove what the run was
/// writing before the process ends, so that nothing partial stays behind; the process then
/// dies of the signal, as the shell and batch systems expect.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let queue = DispatchQueue(label: "gammakit.signals")

    static func install() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                InterruptCleanup.removeAll()
                signal(number, SIG_DFL)
                // To the process, not this thread: dispatch's threads block signals, so a
                // `raise` here would stay pending while the main thread waits for the gate.
                kill(getpid(), number)
                usleep(200_000)
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns at once, unless an interruption is being handled: then the handler ends the
    /// process while this waits.
    static func waitIfInterrupted() {
        InterruptCleanup.critical {}
    }
}
