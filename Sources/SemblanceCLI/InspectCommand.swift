import ArgumentParser
import Corpora
import Foundation
import SpaceAnalysis
import StrictJSON
import TextOutput

enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a cached corpus's vector space: score percentiles, hubness, principal components, near duplicates.",
        discussion: """
            Scores every distinct pair of items with the model's similarity function (up to \
            20,000 items; above, a seeded uniform sample of 2,000,000 distinct pairs, as the \
            output says), finds every item's k nearest others exactly (up to 100,000 items; \
            above, within a seeded sample of 50,000 items), and takes the principal components \
            of the centred vectors. The figures are stored in the cache with the corpus, so \
            they are computed once (a re-index drops them). json prints {"corpus", "model", \
            "similarity_fn_name", "items", "dimension", "pairs", "mean_cosine", \
            "cosine_percentiles", "centred", "hubness", "pca", "nearest_pairs"}; "mean_cosine" \
            and the percentiles are of the model's score (named by similarity_fn_name).
            """)

    @Option(help: "Name of the corpus to inspect.")
    var corpus: String

    @Option(name: .short, help: "Neighbours per item for hubness (less than the corpus's items).")
    var k: Int = 10

    @Option(help: "Output format.")
    var format: InspectFormat = .table

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(k, "-k", in: OptionBounds.results)
    }

    func run() throws {
        let model = try modelOptions.load()
        let store = try cacheOptions.open(writable: false)
        let searcher = try CorpusSearcher(corpus: corpus, model: model, store: store)
        if !searcher.corpus.record.isComplete {
            FileHandle.standardError.write(Data(
                "warning: corpus \"\(TerminalText.visible(corpus))\" is incomplete (an indexing run did not finish); inspecting its \(searcher.corpus.matrix.rows) stored items (nothing is kept in the cache)\n".utf8))
        }
        let progress = StatisticsProgress(corpus: corpus, quiet: quiet || searcher.corpus.matrix.rows < 10_000)
        let inspection = try CorpusInspection(corpus: searcher.corpus, store: store, k: k,
                                              spaceProgress: progress.space, hubnessProgress: progress.hubness)
        progress.finish()
        let report = InspectionReport(inspection: inspection, model: model.name)
        let output = try OutputWriter(path: nil)
        try output.write(format == .json ? report.json() + "\n" : report.table())
        try output.finish()
    }
}

/// Progress bars on stderr for the statistics' long stages, fed from worker threads.
final class StatisticsProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let corpus: String
    private let quiet: Bool
    private var reporter: ProgressReporter?
    private var label = ""

    init(corpus: String, quiet: Bool) {
        self.corpus = corpus
        self.quiet = quiet
    }

    var space: @Sendable (CorpusSpace.Stage, Int, Int) -> Void {
        { [self] stage, done, total in update("\(stage.rawValue)", done: done, total: total) }
    }

    var hubness: @Sendable (Int, Int) -> Void {
        { [self] done, total in update("nearest neighbours", done: done, total: total) }
    }

    private func update(_ stage: String, done: Int, total: Int) {
        guard !quiet else { return }
        lock.withLock {
            let wanted = "\(corpus): \(stage)"
            if reporter == nil || label != wanted {
                reporter?.finish()
                label = wanted
                reporter = ProgressReporter(wanted, total: total)
            }
            if let reporter, done > reporter.done { reporter.advance(by: done - reporter.done) }
        }
    }

    func finish() { lock.withLock { reporter?.finish(); reporter = nil } }
}
