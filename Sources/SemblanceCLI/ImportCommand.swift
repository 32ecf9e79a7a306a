import ArgumentParser
import Corpora
import Foundation
import TextOutput
import VectorCache

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import vectors made elsewhere (e.g. on a GPU) into a named corpus.",
        discussion: """
            --vectors is a .npy (numpy.save of model.encode(texts): float32 or float16, C or \
            Fortran order, shape (items, dimension)) or a .jsonl with an "embedding" array per \
            line (what `semblance encode` prints). --texts is read as `index` reads a file, one \
            item per vector in the same order; --ids gives one id per line. Before anything is \
            written, every vector is checked (shape, dimension, finite values) and a seeded \
            sample of 32 items is re-encoded with the model: a cosine below 0.999 refuses the \
            import. --no-verify skips that check and marks the corpus unverified (cache info). \
            Items are committed 262,144 at a time, so an interrupted import goes on from the last \
            commit when run again.
            """)

    @Option(help: "Name of the corpus to create or update.")
    var corpus: String

    @Option(help: ArgumentHelp("The vectors: .npy (float32/float16) or .jsonl with an \"embedding\" field.", valueName: "FILE"))
    var vectors: String

    @Option(help: ArgumentHelp("The texts the vectors were made from, one item per vector (as for index).", valueName: "FILE"))
    var texts: String

    @Option(help: ArgumentHelp("Ids to show with results, one per line, one per vector.", valueName: "FILE"))
    var ids: String?

    @Option(help: "JSON Lines field holding the text in --texts.")
    var field: String?

    @Option(help: "CSV/TSV column holding the text in --texts: a header name or a 1-based number.")
    var column: String?

    @Option(help: "Vector storage: f32 or f16 (default: the corpus's own; for a new corpus f16 from a float16 file, else f32).")
    var precision: VectorPrecision?

    @Flag(help: "Do not re-encode a sample to check the vectors are this model's for these texts; marks the corpus unverified.")
    var noVerify = false

    @Option(help: "Items per batch read from the files (1–1024); batches are committed 262,144 items at a time.")
    var batchSize: Int = 1024

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(batchSize, "--batch-size", in: OptionBounds.batchSize)
    }

    func run() throws {
        let model = try modelOptions.load()
        // The corpus's items are documents: their vectors were made with the document prompt, if the model has one.
        let prompt = try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: model.documentPromptChoice))
        if !quiet { model.announcePrompt(prompt, for: "import \(TerminalText.visible(corpus)): corpus items") }
        let request = CorpusImport.Request(
            corpus: corpus, vectorsPath: vectors, textsPath: texts, idsPath: ids,
            reader: CorpusSourceReader(field: field, column: column), precision: precision, verify: !noVerify,
            batchSize: batchSize)
        var progress: ProgressReporter?
        let result = try CorpusImport.perform(
            request, model: model, prompt: prompt, openStore: { try cacheOptions.open(writable: true) },
            onWait: { [cacheOptions, corpus] in cacheOptions.announceWaiting(for: corpus) },
            progress: { [corpus, quiet] state in
                guard let progress else {
                    progress = ProgressReporter("import \(corpus)", total: state.total, quiet: quiet)
                    return
                }
                progress.advance(by: state.done - progress.done)
            })
        progress?.finish()
        let report = result.outcome.report
        // The corpus's statistics, computed once now so that search opens it without the wait.
        let statistics = StatisticsProgress(corpus: corpus, quiet: quiet || report.items < 10_000)
        try CorpusStatistics.prepare(corpus: corpus, in: try cacheOptions.open(writable: true), model: model,
                                     progress: statistics.space)
        statistics.finish()
        let check = noVerify ? "not verified (--no-verify)" : "\(result.checked) re-encoded and matched"
        print("""
            corpus \(TerminalText.visible(corpus)): \(report.items) items, \(report.encoded) imported, \
            \(report.reused) already stored, \(report.removed) removed (\(result.outcome.precision), \
            \(TerminalText.visible(model.name)), \(check)) in \(String(format: "%.2f", report.seconds)) s
            """)
    }
}
