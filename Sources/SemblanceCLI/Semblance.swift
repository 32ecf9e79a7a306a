import ArgumentParser

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
}
