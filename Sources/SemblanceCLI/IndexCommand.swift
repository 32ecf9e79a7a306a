import ArgumentParser
import Corpora
import Foundation
import TextOutput
import VectorCache

extension VectorPrecision: ExpressibleByArgument {}

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Encode files into a named corpus in the vector cache.",
        discussion: """
            Reads .txt (one text per line), .jsonl (field "text" unless --field) and .csv/.tsv \
            (column "text" unless --column, by header name or 1-based number); empty lines are \
            skipped. Only texts the cache does not hold for this model are encoded, and every \
            batch is committed, so an interrupted run loses at most one batch and a rerun goes \
            on where it stopped. Re-indexing makes the corpus exactly the files' items. One run \
            per corpus at a time: a second run (or `cache remove`) of the same corpus says so on \
            stderr and waits for the first to finish.
            """)

    @Option(help: "Name of the corpus to create or update.")
    var corpus: String

    @Argument(help: ArgumentHelp("Files to read.", valueName: "FILE"))
    var files: [String]

    @Option(help: "JSON Lines field holding the text.")
    var field: String?

    @Option(help: "CSV/TSV column holding the text: a header name or a 1-based number.")
    var column: String?

    @Option(help: "JSON Lines field or CSV/TSV column holding an id to show with results.")
    var idField: String?

    @Option(help: "Texts per forward pass and per committed batch (1–1024).")
    var batchSize: Int = 32

    @Option(help: "Vector storage: f32, or f16 for half the space, refusing values beyond ±65504 (default: the corpus's own, f32 for a new one).")
    var precision: VectorPrecision?

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(batchSize, "--batch-size", in: OptionBounds.batchSize)
        guard !files.isEmpty else { throw ValidationError("give at least one FILE to index") }
    }

    func run() throws {
        // Every file is checked before the cache is touched (CorpusIndexing's first pass).
        let indexing = try CorpusIndexing(corpus: corpus, files: files,
                                          reader: CorpusSourceReader(field: field, column: column, idField: idField))
        let store = try cacheOptions.open(writable: true)
        let model = try modelOptions.load()
        // Corpus items are documents: the model's document (or passage) prompt unless a flag says otherwise.
        let prompt = try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: model.documentPromptChoice))
        if !quiet { model.announcePrompt(prompt, for: "index \(TerminalText.visible(corpus)): corpus items") }
        let identity = try model.identity(in: store, prompt: prompt)
        let batchSize = self.batchSize
        // Started once the corpus is held, so waiting for another run does not count in the rate.
        var progress: ProgressReporter?
        let outcome = try indexing.run(
            into: store, model: identity, precision: precision, batchSize: batchSize,
            onWait: { [cacheOptions, corpus] in cacheOptions.announceWaiting(for: corpus) },
            encode: { texts in try model.encode(texts, prompt: .text(prompt.text), batchSize: batchSize) },
            progress: { [corpus, quiet] state in
                guard let progress else {
                    progress = ProgressReporter("index \(corpus)", total: state.total, quiet: quiet)
                    return
                }
                progress.advance(by: state.done - progress.done)
            })
        let report = outcome.report
        progress?.finish()
        // The corpus's statistics, computed once now so that search opens it without the wait.
        let statistics = StatisticsProgress(corpus: corpus, quiet: quiet || report.items < 10_000)
        try CorpusStatistics.prepare(corpus: corpus, in: store, model: model, progress: statistics.space)
        statistics.finish()

        let overhead = report.seconds > 0 ? 100 * (report.seconds - report.encodingSeconds) / report.seconds : 0
        let converted = report.converted > 0 ? ", \(report.converted) converted from f32" : ""
        print("""
            corpus \(TerminalText.visible(corpus)): \(report.items) items, \(report.encoded) encoded, \
            \(report.reused) reused\(converted), \(report.removed) removed \
            (\(outcome.precision), \(TerminalText.visible(model.name))) in \(String(format: "%.2f", report.seconds)) s, \
            \(String(format: "%.1f", overhead))% outside the encoder
            """)
    }
}
