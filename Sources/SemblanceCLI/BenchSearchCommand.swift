import ArgumentParser
import Benchmarks
import Embedding
import Foundation
import HalfFloat
import Inference

struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Time exact top-k search and corpus loading on synthetic unit vectors.",
        discussion: """
            For each row count: a plain BLAS matrix-vector product (the memory-bandwidth floor), \
            then top-k search over f32 and f16 matrices. Then a synthetic corpus is written to a \
            temporary cache and opened into a search matrix repeatedly. Prints medians. \
            --approx instead times exact and approximate f16 search side by side (p50 per query), \
            with the approximate path's recall@k against exact search on held-out queries and \
            the memory used: on clustered synthetic rows per --rows count, or on --vectors FILE \
            with --queries FILE (.npy or JSON Lines, e.g. from benchmarks/synthetic_corpus.py).
            """)

    @Option(help: "Row counts to search, comma-separated.")
    var rows: String = "100000,1000000"

    @Option(help: "Vector dimension.")
    var dimension: Int = 384

    @Option(name: .short, help: "Results per search.")
    var k: Int = 10

    @Option(help: "Timed runs per measurement (the median is reported).")
    var repeats: Int = 15

    @Option(help: "Items of the synthetic cached corpus (0 skips the open benchmark).")
    var corpusItems: Int = 100_000

    @Option(help: ArgumentHelp(
        "Time opening this corpus of the cache (--cache: a file or a PostgreSQL server) instead.",
        discussion: "Nothing synthetic is searched or written; a fresh read-only connection each run, as a command makes."))
    var openCorpus: String?

    @OptionGroup var cacheOptions: CacheOptions

    @Flag(help: "Time exact and approximate search side by side, with recall and memory.")
    var approx = false

    @Option(help: "With --approx: held-out queries per matrix (recall is over all of them; default 100, with --queries all of the file's).")
    var queryCount: Int?

    @Option(help: "With --approx: queries timed (p50).")
    var timedQueries: Int = 50

    @Option(help: "With --approx: candidates re-scored per result.")
    var candidateFactor: Int = ApproximateSearch.defaultCandidateFactor

    @Option(help: "With --approx: rows the 192-bit prefix pass keeps per candidate, at least (matrices of --two-stage-rows rows or more).")
    var firstPassFactor: Int = ApproximateSearch.defaultFirstPassFactor

    @Option(help: "With --approx: share of all rows the prefix pass keeps, at least (0…1).")
    var firstPassShare: Double = ApproximateSearch.defaultFirstPassShare

    @Option(help: "With --approx: matrices of at least this many rows get the prefix pass first.")
    var twoStageRows: Int = ApproximateSearch.defaultTwoStageRows

    @Option(help: "With --approx: search this vectors file (.npy or JSON Lines) instead of generated rows.")
    var vectors: String?

    @Option(help: "With --vectors: the held-out query vectors.")
    var queries: String?

    @Option(help: ArgumentHelp(
        "With --approx: make each --rows count in memory from this file of real vectors, as benchmarks/synthetic_corpus.py does.",
        valueName: "FILE"))
    var mixFrom: String?

    func validate() throws {
        try OptionBounds.check(dimension, "--dimension", in: OptionBounds.dimension)
        try OptionBounds.check(k, "-k", in: OptionBounds.results)
        try OptionBounds.check(repeats, "--repeats", in: OptionBounds.runs)
        try OptionBounds.check(corpusItems, "--corpus-items", in: OptionBounds.corpusItems)
        let fields = rows.split(separator: ",", omittingEmptySubsequences: false)
        guard !fields.isEmpty, fields.count == rowCounts.count else {
            throw ValidationError("--rows needs comma-separated counts, e.g. 100000,1000000")
        }
        if let queryCount { try OptionBounds.check(queryCount, "--query-count", in: 1...100_000) }
        try OptionBounds.check(timedQueries, "--timed-queries", in: 1...100_000)
        try OptionBounds.check(candidateFactor, "--candidate-factor", in: 1...100_000)
        try OptionBounds.check(firstPassFactor, "--first-pass-factor", in: 1...1_000)
        guard firstPassShare.isFinite, (0...1).contains(firstPassShare) else {
            throw ValidationError("--first-pass-share must be between 0 and 1, not \(firstPassShare)")
        }
        try OptionBounds.check(twoStageRows, "--two-stage-rows", in: 1...Int(Int32.max))
        guard (vectors == nil) == (queries == nil) else { throw ValidationError("--vectors and --queries go together") }
        guard vectors == nil || approx else { throw ValidationError("--vectors needs --approx") }
        guard mixFrom == nil || (approx && vectors == nil) else { throw ValidationError("--mix-from needs --approx and no --vectors") }
        for count in rowCounts {
            try OptionBounds.check(count, "a --rows count", in: OptionBounds.rows)
            // Both are bounded, so the product cannot overflow.
            try OptionBounds.check(count * dimension, "--rows × --dimension",
                                   in: approx ? OptionBounds.halfMatrixElements : OptionBounds.matrixElements)
        }
    }

    private var rowCounts: [Int] {
        rows.split(separator: ",", omittingEmptySubsequences: false).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func run() throws {
        print("threads: \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS \(BLAS.threadCount) threads, F16C \(HalfKernels.usesF16C ? "yes" : "no")")
        if approx { return try runApproximate() }
        let benchmark = SearchBenchmark(dimension: dimension, k: k, repeats: repeats)
        if let openCorpus {
            print(try benchmark.timeOpen(corpus: openCorpus, store: { try cacheOptions.open(writable: false) }).line)
            return
        }
        for count in rowCounts {
            if let times = benchmark.timeSearch(rows: count) { print(times.line) }
        }
        if corpusItems > 0 { try benchmark.timeOpen(items: corpusItems) { print($0.line) } }
    }

    private func runApproximate() throws {
        let benchmark = ApproximateSearchBenchmark(k: k, timedQueries: timedQueries, candidateFactor: candidateFactor,
                                                   firstPassFactor: firstPassFactor, firstPassShare: firstPassShare,
                                                   twoStageRows: twoStageRows)
        if let vectors, let queries {
            try benchmark.report(vectors: vectors, queries: queries, queryLimit: queryCount) { print($0) }
        } else if let mixFrom {
            try benchmark.report(mixingFrom: mixFrom, rowCounts: rowCounts, queries: queryCount ?? 100) { print($0) }
        } else {
            benchmark.report(rowCounts: rowCounts, dimension: dimension, queries: queryCount ?? 100) { print($0) }
        }
    }
}
