import ArgumentParser
import Corpora
import Foundation
import SpaceAnalysis
import StrictJSON
import TextOutput

enum SearchFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the texts of a cached corpus closest to queries (exact cosine top-k).",
        discussion: """
            table (default) prints rank, score, how high the score ranks among the corpus's \
            pair scores ("top 0.4%": only 0.4% of pairs of corpus items score higher), id and \
            text, with control characters shown as \
            symbols (ESC as ␛, a line break as ␊) so no text can act on the terminal; jsonl one {"rank", "score", \
            "percentile", "text", "id"} object per result (plus "query" when several queries are given), \
            "percentile" being the percent of the corpus's distinct pairs scoring below the score \
            (0–100; null for a corpus of one item); json one array \
            of {"query", "results"}. The pair scores are computed once per corpus (all pairs up to \
            20,000 items, else a 2,000,000-pair sample) and stored in the cache. --centre subtracts \
            the corpus's mean vector from the query and the items and renormalises before scoring \
            (percentiles then come from the centred pairs). A k larger than the corpus returns \
            every item. The model must be the one the corpus was built with. Corpora of 500,000 \
            items or more are searched approximately: a first pass over one sign bit per \
            component keeps 200 × k candidates, which are re-scored exactly (scores are exact; \
            recall@10 0.99+ measured on real embeddings, see the README); the table's header says \
            "approximate", json/jsonl print a note on stderr. --exact always scans every vector; \
            --approx searches approximately whatever the size.
            """)

    @Option(help: "Name of the corpus to search.")
    var corpus: String

    @Option(name: .short, help: "Results per query.")
    var k: Int = 10

    @Option(help: "Output format.")
    var format: SearchFormat = .table

    @Flag(help: "Subtract the corpus's mean vector and renormalise before scoring (\"sphereize\").")
    var centre = false

    @Flag(help: "Score every vector, however large the corpus (the default below 500,000 items).")
    var exact = false

    @Flag(help: "Search approximately (sign-code first pass, exact re-scoring), however small the corpus.")
    var approx = false

    @Argument(help: ArgumentHelp("Texts to search for.", valueName: "QUERY"))
    var queries: [String]

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(k, "-k", in: OptionBounds.results)
        guard !queries.isEmpty else { throw ValidationError("give at least one QUERY") }
        guard !(exact && approx) else { throw ValidationError("--exact and --approx exclude each other") }
    }

    private var mode: SearchMode { exact ? .exact : approx ? .approximate : .automatic }

    func run() throws {
        let model = try modelOptions.load()
        // Queries get the model's query prompt unless a flag says otherwise.
        let prompt = try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: model.queryPromptChoice))
        let searcher = try CorpusSearcher(corpus: corpus, model: model, queryPrompt: prompt, store: cacheOptions.open(writable: false),
                                        mode: centre ? .exact : mode)
        model.announcePrompt(prompt, for: "search: queries")
        if !searcher.corpus.record.isComplete {
            FileHandle.standardError.write(Data(
                "warning: corpus \"\(TerminalText.visible(corpus))\" is incomplete (an indexing run did not finish); searching its \(searcher.corpus.matrix.rows) stored items\n".utf8))
        }
        let progress = StatisticsProgress(corpus: corpus, quiet: searcher.corpus.matrix.rows < 10_000)
        let context = try CorpusSearcher.ScoreContext(for: searcher, centre: centre, progress: progress.space)
        progress.finish()
        let results = try searcher.hits(for: queries, k: k, context: context)
        // Centred search scores every row exactly (no approximate first pass).
        let approximate = searcher.corpus.isApproximate && !centre
        if approximate && format != .table {
            FileHandle.standardError.write(Data(
                "note: approximate search of \(searcher.corpus.search.rows) items (exact scores; a neighbour may be missed); --exact scans every vector\n".utf8))
        }
        let output = try OutputWriter(path: nil)
        switch format {
        case .jsonl:
            for (query, hits) in zip(queries, results) {
                for hit in hits {
                    let query = queries.count > 1 ? [("query", JSONText.string(query))] : []
                    try output.write(JSONText.object(query + Self.fields(of: hit, withPosition: false)) + "\n")
                }
            }
        case .json:
            let objects = zip(queries, results).map { query, hits in
                JSONText.object([
                    ("query", JSONText.string(query)),
                    ("results", JSONText.array(hits.map { JSONText.object(Self.fields(of: $0, withPosition: true)) })),
                ])
            }
            try output.write(JSONText.array(objects) + "\n")
        case .table:
            for (index, (query, hits)) in zip(queries, results).enumerated() {
                if index > 0 { try output.write("\n") }
                let similarity = searcher.corpus.search.similarity
                let scoring = similarity == .cosine ? "" : ", \(similarity.name) scores"
                let centring = centre ? ", centred" : approximate ? ", approximate search (--exact for exact)" : ""
                try output.write(TerminalText.visible("\(query)  (corpus \(corpus), \(searcher.corpus.search.rows) items\(scoring)\(centring); \(Self.pairSource(context.space.distribution(centred: centre), space: context.space)))") + "\n")
                for hit in hits {
                    let id = hit.item.item.externalID.map { TerminalText.visible($0) + "  " } ?? ""
                    let text = TerminalText.visible(hit.item.item.text)
                    let clipped = text.count > 100 ? String(text.prefix(99)) + "…" : text
                    try output.write(String(format: "%3d  %.4f  ", hit.rank, hit.score) + Self.rankAmongPairs(hit.percentile) + "  " + id + clipped + "\n")
                }
            }
        }
        try output.finish()
    }

    /// "top 0.4%": the share of the corpus's pairs scoring at least as high, padded to one width.
    static func rankAmongPairs(_ percentile: Double?) -> String {
        guard let percentile else { return "no pairs   " }
        let top = max(0, 100 - percentile)
        let text: String
        switch top {
        case 10...: text = String(format: "top %.0f%%", top)
        case 0.1...: text = String(format: "top %.1f%%", top)
        case 0.01...: text = String(format: "top %.2f%%", top)
        default: text = "top <0.01%"
        }
        return text.padding(toLength: 11, withPad: " ", startingAt: 0)
    }

    /// Where the percentiles come from, for the table's header line.
    static func pairSource(_ distribution: ScoreDistribution, space: CorpusSpace? = nil) -> String {
        guard distribution.hasPairs else { return "no pairs to rank scores among" }
        let rows = space.flatMap(InspectionReport.rowSample).map { " " + $0 } ?? ""
        return distribution.isExact
            ? "ranked among all \(distribution.pairs) pairs"
            : "ranked among a sample of \(distribution.pairs) of \(distribution.totalPairs) pairs\(rows)"
    }

    /// A result's JSON fields in their documented order (`json` adds the item's position).
    private static func fields(of hit: CorpusSearcher.Hit, withPosition: Bool) -> [(String, String)] {
        [("rank", String(hit.rank)), ("score", JSONText.number(hit.score)),
         ("percentile", hit.percentile.map(JSONText.number) ?? "null")]
            + (withPosition ? [("position", String(hit.item.position))] : [])
            + [("text", JSONText.string(hit.item.item.text)), ("id", hit.item.item.externalID.map(JSONText.string) ?? "null")]
    }
}
