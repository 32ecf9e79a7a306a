import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast things run on this machine (medians of repeated runs).",
        discussion: "`semblance bench` alone runs `bench encode`.",
        subcommands: [BenchEncodeCommand.self, BenchSearchCommand.self, BenchExploreCommand.self, BenchInspectCommand.self, BenchTrainCommand.self],
        defaultSubcommand: BenchEncodeCommand.self)
}
