import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast things run on this machine (medians of repeated runs).",
        subcommands: [BenchSearchCommand.self])
}
