import ArgumentParser
import GammaKit

/// The `gammakit` command-line tool: each subcommand is a thin layer over the library.
@main
struct GammaKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammakit",
        abstract: "Reduce IACT DL3 data to binned datasets, as Gammapy does, faster.",
        subcommands: [InfoCommand.self, ReduceCommand.self, StackCommand.self, StatusCommand.self, PlotCommand.self, SignificanceCommand.self, Theta2Command.self]
    )

    static func main() {
        MemoryPolicy.reuseFreedMemory()
        InterruptHandling.install()
        do {
            var command = try parseAsRoot()
            try command.run()
            // Not exit while an interruption's handler is still removing files.
            InterruptHandling.waitIfInterrupted()
        } catch {
            // An interruption makes the writes fail; let its handler end the process instead
            // of reporting that failure.
            InterruptHandling.waitIfInterrupted()
            exit(withError: error)
        }
    }
}
