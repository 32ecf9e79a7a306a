import ArgumentParser

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect and maintain the vector cache.",
        subcommands: [
            CacheListCommand.self, CacheInfoCommand.self, CacheRemoveCommand.self,
            CacheVacuumCommand.self, CacheVerifyCommand.self,
        ])
}
