import ArgumentParser
import Corpora
import Embedding
import Foundation
import StrictJSON
import VectorArithmetic
import TextOutput

enum CompareFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `semblance compare`: one corpus searched by two models, side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Search a corpus with two models and compare their top k (overlap, Spearman, rank shifts).",
        discussion: """
            The corpus must be indexed for both models: --corpus NAME is model A's (--model); \
            model B (--against) searches its own corpus of the same items, --against-corpus or \
            else the corpus it indexed from the same source files (when there is none, the error \
            gives the `semblance index` command line that makes it). Items are matched by position. \
            overlap counts the items both top k hold; spearman is Spearman's rho of those shared \
            items' ranks under A and under B (null below 2 shared items); shift is an item's rank \
            under A minus its rank under B (positive: B ranks it higher). table (default) sets the \
            two lists side by side, B's items marked ↑n/↓n (moved), = (same rank) or new (not in \
            A's top k); json prints {"query", "model_a", "model_b", "corpus_a", "corpus_b", "k", \
            "overlap", "spearman", "a", "b"} for one QUERY (an array of them for several), each \
            list of {"rank", "score", "position", "text", "id", "other_rank", "shift"}. Each model \
            gets its own query prompt; --prompt-name and --prompt apply to model A.
            """)

    @Option(help: "Model A's corpus.")
    var corpus: String

    @Option(help: ArgumentHelp("Model B: a sentence-transformers model directory or the name of an installed model.",
                               valueName: "DIR|NAME"))
    var against: String

    @Option(help: ArgumentHelp("Model B's corpus of the same items (default: the one it indexed from the same files).",
                               valueName: "NAME"))
    var againstCorpus: String?

    @Option(name: .short, help: "Results per query and model.")
    var k: Int = 10

    @Option(help: "Output format.")
    var format: CompareFormat = .table

    @Argument(help: ArgumentHelp("Texts to search for.", valueName: "QUERY"))
    var queries: [String]

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(k, "-k", in: OptionBounds.results)
        guard !queries.isEmpty else { throw ValidationError("give at least one QUERY") }
        if against.isEmpty { throw ValidationError("--against needs a model directory or name") }
    }

    func run() throws {
        let modelA = try modelOptions.load()
        let modelB = try SentenceTransformer(modelDirectory: InstalledModels().resolve(argument: against))
        let promptA = try modelA.resolvePrompt(try modelOptions.prompt(for: modelA, fallback: modelA.queryPromptChoice))
        let promptB = try modelB.resolvePrompt(modelB.queryPromptChoice)
        let comparison = try ModelComparison(corpus: corpus, modelA: modelA, queryPromptA: promptA, modelB: modelB,
                                             queryPromptB: promptB, againstCorpus: againstCorpus,
                                             store: cacheOptions.open(writable: false))
        for searcher in [comparison.searcherA, comparison.searcherB] where !searcher.corpus.record.isComplete {
            FileHandle.standardError.write(Data(
                "warning: corpus \"\(TerminalText.visible(searcher.corpus.record.name))\" is incomplete (an indexing run did not finish)\n".utf8))
        }
        let results = try comparison.compare(queries, k: k)
        let output = try OutputWriter(path: nil)
        switch format {
        case .json:
            let objects = results.map { json(of: $0, comparison: comparison) }
            try output.write((objects.count == 1 ? objects[0] : JSONText.array(objects)) + "\n")
        case .table:
            for (index, result) in results.enumerated() {
                if index > 0 { try output.write("\n") }
                try output.write(table(of: result, comparison: comparison))
            }
        }
        try output.finish()
    }

    private func json(of result: ModelComparison.Result, comparison: ModelComparison) -> String {
        func list(_ entries: [NeighbourComparison<Int>.Entry]) -> String {
            JSONText.array(entries.map { entry in
                let item = result.items[entry.key]?.item
                return JSONText.object([
                    ("rank", String(entry.rank)), ("score", JSONText.number(entry.score)), ("position", String(entry.key)),
                    ("text", item.map { JSONText.string($0.text) } ?? "null"),
                    ("id", item?.externalID.map(JSONText.string) ?? "null"),
                    ("other_rank", entry.otherRank.map(String.init) ?? "null"),
                    ("shift", entry.shift.map(String.init) ?? "null"),
                ])
            })
        }
        let compared = result.comparison
        return JSONText.object([
            ("query", JSONText.string(result.query)),
            ("model_a", JSONText.string(comparison.searcherA.model.name)),
            ("model_b", JSONText.string(comparison.searcherB.model.name)),
            ("corpus_a", JSONText.string(comparison.searcherA.corpus.record.name)),
            ("corpus_b", JSONText.string(comparison.searcherB.corpus.record.name)),
            ("k", String(k)), ("overlap", String(compared.overlap)),
            ("spearman", compared.spearman.map(JSONText.number) ?? "null"),
            ("a", list(compared.a)), ("b", list(compared.b)),
        ])
    }

    private func table(of result: ModelComparison.Result, comparison: ModelComparison) -> String {
        let compared = result.comparison
        let spearman = compared.spearman.map { String(format: "%.4f", $0) } ?? "undefined (fewer than 2 shared)"
        var lines = [TerminalText.visible(result.query)
            + "  (overlap \(compared.overlap)/\(max(compared.a.count, compared.b.count)), spearman \(spearman))"]
        let width = 44
        func cell(_ entry: NeighbourComparison<Int>.Entry?) -> String {
            guard let entry else { return String(repeating: " ", count: width + 8) }
            let text = TerminalText.visible(result.items[entry.key]?.item.text ?? "")
            let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            return String(format: "%.4f  ", entry.score) + clipped + String(repeating: " ", count: max(0, width - clipped.count))
        }
        func header(_ label: String, _ searcher: CorpusSearcher) -> String {
            let title = TerminalText.visible("\(label): \(searcher.model.name) (\(searcher.corpus.record.name))")
            let clipped = title.count > width + 8 ? String(title.prefix(width + 7)) + "…" : title
            return clipped + String(repeating: " ", count: max(0, width + 8 - clipped.count))
        }
        lines.append("  #  " + header("A", comparison.searcherA) + "  " + header("B", comparison.searcherB) + "  move")
        for row in 0..<max(compared.a.count, compared.b.count) {
            let a = row < compared.a.count ? compared.a[row] : nil, b = row < compared.b.count ? compared.b[row] : nil
            lines.append(String(format: "%3d  ", row + 1) + cell(a) + "  " + cell(b) + "  " + (b.map(Self.moveMark) ?? ""))
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    }

    /// B's item against A's ranking: ↑n moved up, ↓n down, = same rank, new when A's top k lacks it.
    static func moveMark(_ entry: NeighbourComparison<Int>.Entry) -> String {
        guard let shift = entry.shift else { return "new" }
        return shift > 0 ? "↑\(shift)" : shift < 0 ? "↓\(-shift)" : "="
    }
}
