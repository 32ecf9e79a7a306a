import ArgumentParser
import CNcursesw
import ExplorerUI
import Foundation
import Inference
import TextInput
import TextOutput

@main
struct Semblance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semblance",
        abstract: "Explore what a sentence-embedding model does, natively in the terminal.",
        discussion: """
            Runs sentence-transformers models — BERT, MPNet, RoBERTa, XLM-R, DistilBERT, with \
            WordPiece, Unigram or byte-level BPE tokenizers (e.g. all-MiniLM-L6-v2, \
            all-mpnet-base-v2) — with no Python: the same token ids and vectors as \
            SentenceTransformer(path).encode(sentences). The model comes from --model DIR|NAME, \
            else $SEMBLANCE_MODEL, else the installed default.
            """,
        subcommands: [
            EncodeCommand.self, TokenizeCommand.self, SimilarityCommand.self, ExplainCommand.self, EvalCommand.self,
            IndexCommand.self, ImportCommand.self, SearchCommand.self, CompareCommand.self, InspectCommand.self, CacheCommand.self, BenchCommand.self, ExploreCommand.self,
            ThemesCommand.self, MapCommand.self, TrainCommand.self, LossCommand.self, LayersCommand.self,
        ])

    /// ArgumentParser's main, with two guards: closed standard streams are reserved before
    /// any file is opened (see `StandardStreams`), and every error is one line on stderr with
    /// its control characters made visible, since it may quote a text, a path or an id.
    /// Large per-query buffers stay in the heap (`HeapSettings`).
    static func main() {
        StandardStreams.reserveClosedDescriptors()
        HeapSettings.keepLargeBlocksInHeap()
        do {
            var command = try parseAsRoot()
            try command.run()
            try checkStandardOutput()
        } catch {
            exit(reporting: error)
        }
    }

    /// Results printed with `print` go through stdio, which keeps write errors to itself:
    /// flush them now and fail if any was lost (a closed stdout, `> /dev/full`), rather than
    /// exit 0 with the results gone.
    private static func checkStandardOutput() throws {
        let output = semblance_stdout()  // C's `stdout` (Swift 6 refuses the global var itself)
        let failed = fflush(output) != 0 || ferror(output) != 0
        guard failed else { return }
        if StandardStreams.outputWasClosed { throw CLIError.standardOutputClosed }
        throw CLIError.cannotWrite(path: "standard output", reason: String(cString: strerror(errno)).lowercased())
    }

    private static func exit(reporting error: Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }  // --help, --version: stdout, as ArgumentParser does
        // The brief message, not ArgumentParser's usage block: one line (`--help` has the rest).
        let message = message(for: error)
        if !message.isEmpty {
            // An error that lists several problems (every bad line of a theme) prints one
            // `Error:` line per problem; any other newline is part of a quoted name and is shown.
            let lines = (error as? ExplorerUIError)?.lines ?? [message]
            let text = lines.map { "Error: " + TerminalText.visible($0) + "\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
        }
        Foundation.exit(code.rawValue)
    }
}
