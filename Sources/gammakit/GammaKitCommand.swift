import ArgumentParser
import GammaKit

/// The `gammakit` command-line tool: each subcommand is a thin layer over the library.
@main
struct GammaKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammakit",
        abstract: "Reduce IACT DL3 data to binned datasets, as Gammapy does, faster.",
        subcommands: [InfoCommand.self, ReduceCommand.self, PlotCommand.self]
    )

    static func main() {
        MemoryPolicy.reuseFreedMemory()
        main(nil)
    }
}
