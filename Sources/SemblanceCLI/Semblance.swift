import ArgumentParser
import Foundation
import TextInput
import TextOutput

@main
struct Semblance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semblance",
        abstract: "Explore what a sentence-embedding model does, natively in the terminal.",
        discussion: """
            Runs sentence-transformers BERT models (e.g. all-MiniLM-L6-v2) with no Python: \
            the same token ids and vectors as SentenceTransformer(path).encode(sentences). \
            The model comes from --model DIR, else $SEMBLANCE_MODEL, else the installed default.
            """,
        subcommands: [
            EncodeCommand.self, TokenizeCommand.self, SimilarityCommand.self, ExplainCommand.self, EvalCommand.self,
            IndexCommand.self, SearchCommand.self, CacheCommand.self, BenchCommand.self, ExploreCommand.self,
            ThemesCommand.self,
        ])

    /// ArgumentParser's main, with two guards: closed standard streams are reserved before
    /// any file is opened (see `StandardStreams`), and every error is one line on stderr with
    /// its control characters made visible, since it may quote a text, a path or an id.
    static func main() {
        StandardStreams.reserveClosedDescriptors()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(reporting: error)
        }
    }

    private static func exit(reporting error: Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }  // --help, --version: stdout, as ArgumentParser does
        // The brief message, not ArgumentParser's usage block: one line (`--help` has the rest).
        let message = message(for: error)
        if !message.isEmpty {
            FileHandle.standardError.write(Data(("Error: " + TerminalText.visible(message) + "\n").utf8))
        }
        Foundation.exit(code.rawValue)
    }
}
