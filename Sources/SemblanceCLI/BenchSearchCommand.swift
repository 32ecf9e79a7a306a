import ArgumentParser
import Benchmarks
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
            temporary cache and opened into a search matrix repeatedly. Prints medians.
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

    func validate() throws {
        try OptionBounds.check(dimension, "--dimension", in: OptionBounds.dimension)
        try OptionBounds.check(k, "-k", in: OptionBounds.results)
        try OptionBounds.check(repeats, "--repeats", in: OptionBounds.runs)
        try OptionBounds.check(corpusItems, "--corpus-items", in: OptionBounds.corpusItems)
        let fields = rows.split(separator: ",", omittingEmptySubsequences: false)
        guard !fields.isEmpty, fields.count == rowCounts.count else {
            throw ValidationError("--rows needs comma-separated counts, e.g. 100000,1000000")
        }
        for count in rowCounts {
            try OptionBounds.check(count, "a --rows count", in: OptionBounds.rows)
            // Both are bounded, so the product cannot overflow.
            try OptionBounds.check(count * dimension, "--rows × --dimension", in: OptionBounds.matrixElements)
        }
    }

    private var rowCounts: [Int] {
        rows.split(separator: ",", omittingEmptySubsequences: false).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func run() throws {
        print("threads: \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS \(BLAS.threadCount) threads, F16C \(HalfKernels.usesF16C ? "yes" : "no")")
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
}
