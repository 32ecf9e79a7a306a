import ArgumentParser
import Benchmarks
import Foundation
import Inference

struct BenchInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Time `inspect`'s statistics on synthetic anisotropic unit vectors.",
        discussion: """
            For each item count: the pair-score distribution (exact up to 20,000 items, else \
            2,000,000 sampled pairs) before and after centring, the principal axes, and exact \
            k-NN hubness (up to 100,000 items); then the time to read the stored statistics back, \
            which is what opening a corpus adds once they are cached.
            """)

    @Option(help: "Item counts, comma-separated.")
    var items: String = "2500,100000"

    @Option(help: "Vector dimension.")
    var dimension: Int = 384

    @Option(name: .short, help: "Neighbours per item for hubness.")
    var k: Int = 10

    @Option(help: "Timed reads of the stored statistics (the median is reported).")
    var repeats: Int = 15

    func validate() throws {
        try OptionBounds.check(dimension, "--dimension", in: OptionBounds.dimension)
        try OptionBounds.check(repeats, "--repeats", in: OptionBounds.runs)
        let counts = items.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--items needs comma-separated counts, e.g. 2500,100000")
        }
        for count in counts.compactMap({ $0 }) {
            try OptionBounds.check(count, "an --items count", in: 2 ... 10_000_000)
            try OptionBounds.check(count * dimension, "--items × --dimension", in: OptionBounds.matrixElements)
            try OptionBounds.check(k, "-k", in: 1 ... max(1, count - 1))
        }
    }

    func run() throws {
        print("threads: \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS \(BLAS.threadCount) threads")
        let benchmark = InspectBenchmark(dimension: dimension, k: k, repeats: repeats)
        for count in items.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            try benchmark.run(items: count) { print($0) }
        }
    }
}
