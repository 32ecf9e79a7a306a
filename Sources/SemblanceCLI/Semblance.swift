import ArgumentParser

@main
struct Semblance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semblance",
        abstract: "Explore what a sentence-embedding model does, natively in the terminal.")
}
