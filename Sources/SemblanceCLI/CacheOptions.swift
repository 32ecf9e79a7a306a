import ArgumentParser
import Corpora
import Embedding
import Foundation
import TextOutput
import VectorCache

/// `--cache PATH`, shared by every command that uses the vector cache.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The cache database: a SQLite file, or a PostgreSQL server (postgresql://user@host:port/db?sslmode=...).",
        discussion: """
            A postgresql:// or postgres:// value is always a server, never a file. Defaults to $SEMBLANCE_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/semblance/cache.sqlite. \
            Only the default location's directory is created; a given path's directory must exist. \
            A cache on read-only media (or in a read-only directory) can still be searched and listed.
            """,
        valueName: "PATH|URL"))
    var cache: String?

    /// Where the options, the environment and the default put the cache.
    var location: CacheLocation { CacheLocation(given: cache) }
    /// For messages: the path, or a server's `host:port/db` (never its password).
    var path: String { location.displayName }

    /// Opens the cache; `writable` creates it when missing.
    func open(writable: Bool) throws -> any CacheStore {
        try CacheStores.open(location, writable: writable)
    }

    /// The explorer's engine over this cache and `model`, with the bundled corpora that can be found.
    /// The input is a query (the model's query prompt unless a flag says otherwise); the
    /// bundled corpora's items are documents.
    /// `against` (`--against B`) adds the second model's engine: its own query and document
    /// prompts, the bundled corpora under `NAME.MODEL`. `inputPrompt` replaces the model's
    /// query prompt as the default (a replay's recorded prompt); the flags still win.
    func explorerEngine(for model: SentenceTransformer, modelOptions: ModelOptions, against: SentenceTransformer? = nil,
                        inputPrompt: PromptChoice? = nil,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ExplorerCorpusEngine {
        let second = try against.map { second in
            ExplorerCorpusEngine(
                model: second, cachePath: location.path, createsCacheDirectory: location.createsDirectories,
                bundledCorpora: BundledCorpora.locate(for: second, environment: environment),
                prompt: try second.resolvePrompt(second.queryPromptChoice),
                documentPrompt: try second.resolvePrompt(second.documentPromptChoice))
        }
        return ExplorerCorpusEngine(model: model, cachePath: location.path, createsCacheDirectory: location.createsDirectories,
                                    bundledCorpora: BundledCorpora.locate(for: model, environment: environment),
                                    prompt: try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: inputPrompt ?? model.queryPromptChoice)),
                                    documentPrompt: try model.resolvePrompt(model.documentPromptChoice), against: second)
    }

    /// Tells the user, on stderr, that the command waits for another run on `corpus`.
    func announceWaiting(for corpus: String) {
        FileHandle.standardError.write(Data(
            "waiting: another `semblance index` or `cache remove` is using corpus \"\(TerminalText.visible(corpus))\" in \(TerminalText.visible(path))…\n".utf8))
    }
}
