import Foundation
import TextInput
import VectorCache

/// The items and vectors of an import, read a batch at a time and each prepared for the
/// indexer (text hashes; rows at the corpus's precision, checked finite): the part of an
/// import `OverlappedBatches` moves to a second thread. A float16 file stored at f16 goes
/// through as its bits, never widened and narrowed again.
///
/// Used by one thread at a time: the reading thread, which the writing one waits for.
final class ImportBatches: @unchecked Sendable {
    private let vectors: any VectorRows
    private let textsPath: String
    /// One id per vector, when an ids file was given.
    private var ids: ArraySlice<String>?
    private let reader: CorpusSourceReader
    private let precision: VectorPrecision
    private let batchSize: Int
    /// The model's name, for messages.
    private let model: String
    private var cursor: any VectorCursor

    init(vectors: any VectorRows, textsPath: String, ids: [String]?, reader: CorpusSourceReader,
         precision: VectorPrecision, batchSize: Int, model: String) throws {
        self.vectors = vectors
        self.textsPath = textsPath
        self.ids = ids?[...]
        self.reader = reader
        self.precision = precision
        self.batchSize = max(1, batchSize)
        self.model = model
        cursor = try vectors.makeCursor()
    }

    /// Calls `body` with each batch in order: `batchSize` items (the last may be fewer) with
    /// their vectors.
    func forEach(_ body: (PreparedBatch) throws -> Void) throws {
        var pending: [CorpusItem] = []
        pending.reserveCapacity(batchSize)
        try reader.forEachItem(in: textsPath) { item in
            let id = ids?.popFirst() ?? item.externalID
            pending.append(CorpusItem(text: item.text, externalID: id, metadata: item.metadata))
            guard pending.count == batchSize else { return }
            try body(try prepare(pending))
            pending.removeAll(keepingCapacity: true)
        }
        if !pending.isEmpty { try body(try prepare(pending)) }
    }

    /// `items` with the next rows of the vectors file, one each.
    private func prepare(_ items: [CorpusItem]) throws -> PreparedBatch {
        let dimension = vectors.dimension
        if precision == .f16, let halves = try cursor.nextHalves(maxRows: items.count) {
            guard halves.count == items.count * dimension else { throw changed }
            return try PreparedBatch(items: items, halves: halves, dimension: dimension, model: model)
        }
        let block = try cursor.next(maxRows: items.count)
        guard block.count == items.count * dimension else { throw changed }
        return try PreparedBatch(items: items, vectors: block, precision: precision, dimension: dimension, model: model)
    }

    private var changed: TextInputError { .badVectors(path: vectors.path, detail: "changed while it was read") }
}
