import Inference

/// Splits the element-wise and reduction work of a training step over the cores while
/// OpenBLAS's threads wait between products. Work is cut into fixed chunks of at most
/// `chunkSize` values, whatever the thread count, and a reduction's per-chunk partial sums are
/// combined in chunk order: results are the same bits on one core or many (a resumed run
/// stays bit for bit).
enum ParallelChunks {
    /// Values per chunk: large enough that handing a chunk to a thread costs little next to it.
    static let chunkSize = 1 << 16

    /// The processors this process may use (taskset respected), read once.
    static let threadCount = EncoderModel.defaultThreadCount

    /// The chunks of `0 ..< count`.
    static func chunks(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: chunkSize).map { $0 ..< min($0 + chunkSize, count) }
    }

    /// Calls `body` once per chunk of `0 ..< count`, on up to `threadCount` threads; each call
    /// must write only its own range.
    static func forEach(_ count: Int, _ body: @escaping (Range<Int>) -> Void) {
        let ranges = chunks(count)
        ParallelWork.forEach(ranges.count, threads: threadCount) { body(ranges[$0]) }
    }

    /// Calls `body` with consecutive ranges of `rowCount` rows of `width` values (about a
    /// quarter chunk each), on up to `threadCount` threads; each call must write only its own rows.
    static func forEachRows(_ rowCount: Int, width: Int, _ body: @escaping (Range<Int>) -> Void) {
        let rows = max(1, chunkSize / 4 / max(width, 1))
        let ranges = stride(from: 0, to: rowCount, by: rows).map { $0 ..< min($0 + rows, rowCount) }
        ParallelWork.forEach(ranges.count, threads: threadCount) { body(ranges[$0]) }
    }

    /// One chunk of one parameter (`index`: the parameter's place in the list it came from).
    struct ParameterChunk {
        let parameter: Parameter
        let index: Int
        let range: Range<Int>
    }

    /// Every parameter's chunks, in parameter order.
    static func chunks(of parameters: [Parameter]) -> [ParameterChunk] {
        parameters.enumerated().flatMap { index, parameter in
            chunks(parameter.count).map { ParameterChunk(parameter: parameter, index: index, range: $0) }
        }
    }

    /// Calls `body` once per chunk, on up to `threads` threads.
    static func forEach(_ chunks: [ParameterChunk], threads: Int = threadCount, _ body: @escaping (ParameterChunk) -> Void) {
        ParallelWork.forEach(chunks.count, threads: threads) { body(chunks[$0]) }
    }

    /// Σ of `partial(chunk)` over the chunks: the partial sums taken in parallel, added in chunk order.
    static func sum(_ chunks: [ParameterChunk], threads: Int = threadCount, _ partial: @escaping (ParameterChunk) -> Double) -> Double {
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: max(chunks.count, 1))
        defer { sums.deallocate() }
        ParallelWork.forEach(chunks.count, threads: threads) { sums[$0] = partial(chunks[$0]) }
        var total = 0.0
        for index in chunks.indices { total += sums[index] }
        return total
    }

    /// Every chunk's gradient ← 0, on every core (the word embeddings' gradient alone is ~47 MB for BERT models).
    static func zeroGradients(_ chunks: [ParameterChunk]) {
        forEach(chunks) { chunk in (chunk.parameter.gradient + chunk.range.lowerBound).update(repeating: 0, count: chunk.range.count) }
    }
}
