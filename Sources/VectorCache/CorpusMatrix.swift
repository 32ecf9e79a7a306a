import HalfFloat

/// A corpus's vectors as one contiguous row-major `[rows × dimension]` matrix; row r is
/// the item at position r. f16 corpora stay f16 (binary16 bit patterns) so search reads
/// half the bytes; `floats()` widens when a float copy is really wanted.
public struct CorpusMatrix: Sendable {
    /// The components, at the corpus's precision (the type search reads, so no conversion).
    public typealias Storage = MatrixStorage

    public let rows: Int
    public let dimension: Int
    public let storage: Storage

    public init(rows: Int, dimension: Int, storage: Storage) {
        self.rows = rows
        self.dimension = dimension
        self.storage = storage
    }

    public var precision: VectorPrecision {
        storage.isHalf ? .f16 : .f32
    }

    /// The matrix as floats `[rows × dimension]` (a widened copy for f16).
    public func floats() -> [Float] {
        if case let .f32(values) = storage { return values }
        return storage.withFloats { Array($0) } ?? storage.withHalves { halves in
            var values = [Float](repeating: 0, count: halves.count)
            values.withUnsafeMutableBufferPointer { HalfKernels.decode(halves, into: $0) }
            return values
        } ?? []
    }

    /// The rows holding a NaN or infinite component, in order; `nil` when every one is finite.
    /// One branch-free pass over the whole matrix; rows are only looked at when it fails.
    public func nonFiniteRows() -> [Int]? {
        if let rows = storage.withFloats({ Self.nonFiniteRows($0, dimension: dimension, allFinite: NonFiniteComponents.allFinite) }) {
            return rows
        }
        return storage.withHalves { Self.nonFiniteRows($0, dimension: dimension, allFinite: NonFiniteComponents.allFinite) } ?? nil
    }

    private static func nonFiniteRows<Component>(_ all: UnsafeBufferPointer<Component>, dimension: Int,
                                                 allFinite: (UnsafeBufferPointer<Component>) -> Bool) -> [Int]? {
        guard !allFinite(all) else { return nil }
        let width = max(1, dimension)
        return stride(from: 0, to: all.count, by: width).compactMap { start in
            allFinite(UnsafeBufferPointer(rebasing: all[start ..< min(all.count, start + width)])) ? nil : start / width
        }
    }

    /// Row `row` as floats, or `nil` when out of range.
    public func row(_ row: Int) -> [Float]? {
        guard row >= 0, row < rows else { return nil }
        let range = row * dimension ..< (row + 1) * dimension
        return storage.withFloats { Array($0[range]) } ?? storage.withHalves { HalfKernels.decode(Array($0[range])) }
    }
}

extension VectorStore {
    /// Loads every stored vector of `corpus` into one matrix, rows in position order.
    ///
    /// Copies blobs straight into the matrix (no per-row arrays). Throws `damagedCorpus` if
    /// a blob has the wrong size or positions have a gap.
    public func loadMatrix(of corpus: CorpusRecord) throws -> CorpusMatrix {
        let dimension = corpus.model.dimension
        return try guarded {
            try database.readTransaction {
                // Positions run 0..<n without gaps (copyRows checks), so the last one gives n
                // from the index alone, without counting every row.
                let count = (try database.scalar("SELECT max(position) + 1 FROM items WHERE corpus = ?1",
                                                 [.integer(corpus.id)])?.int) ?? 0
                try checkFits(corpus, rows: count, dimension: dimension)
                let statement = try database.prepare("""
                    SELECT i.position, v.vector FROM items i JOIN vectors v ON v.id = i.vector
                    WHERE i.corpus = ?1 ORDER BY i.position
                    """)
                try statement.bind([.integer(corpus.id)])
                let storage: CorpusMatrix.Storage
                switch corpus.precision {
                case .f32:
                    storage = .f32(try [Float](unsafeUninitializedCapacity: count * dimension) { buffer, initialized in
                        initialized = 0
                        try copyRows(statement, rows: count, into: UnsafeMutableRawBufferPointer(buffer), corpus: corpus)
                        initialized = count * dimension
                    })
                case .f16:
                    storage = .f16(try [UInt16](unsafeUninitializedCapacity: count * dimension) { buffer, initialized in
                        initialized = 0
                        try copyRows(statement, rows: count, into: UnsafeMutableRawBufferPointer(buffer), corpus: corpus)
                        initialized = count * dimension
                    })
                }
                let matrix = CorpusMatrix(rows: count, dimension: dimension, storage: storage)
                try checkFinite(matrix, corpus: corpus)
                return matrix
            }
        }
    }

    /// Refuses a matrix holding NaN or infinity: such a row would be ranked (last, with no
    /// score) as if it were a vector. Only a damaged or hand-edited file holds one, since
    /// indexing refuses them (and re-encodes any it finds).
    private func checkFinite(_ matrix: CorpusMatrix, corpus: CorpusRecord) throws {
        guard let rows = matrix.nonFiniteRows(), let first = rows.first else { return }
        throw VectorCacheError.damagedCorpus(
            corpus: corpus.name,
            detail: "\(rows.count) item(s) have non-finite vectors (NaN or infinity), the first at position \(first); indexing it again encodes them anew")
    }

    /// Refuses a matrix the file cannot hold before it is allocated: a damaged or hand-edited
    /// cache can claim any position or dimension, and `rows × dimension` must neither
    /// overflow nor ask for more memory than the vectors could take in the file.
    private func checkFits(_ corpus: CorpusRecord, rows: Int, dimension: Int) throws {
        let (components, overflow) = rows.multipliedReportingOverflow(by: dimension)
        let (bytes, bytesOverflow) = components.multipliedReportingOverflow(by: corpus.precision.bytesPerComponent)
        guard rows >= 0, dimension > 0, !overflow, !bytesOverflow, bytes <= fileBytes() else {
            throw VectorCacheError.damagedCorpus(
                corpus: corpus.name,
                detail: "\(rows) positions of \(dimension) components cannot be stored in a \(fileBytes())-byte file")
        }
    }

    /// Steps through `statement` (position, vector blob), copying each blob into its row of `matrix`.
    private func copyRows(_ statement: Statement, rows: Int, into matrix: UnsafeMutableRawBufferPointer,
                          corpus: CorpusRecord) throws {
        let bytesPerRow = rows > 0 ? matrix.count / rows : 0
        try forEachStoredRow(statement, rows: rows, bytesPerRow: bytesPerRow, corpus: corpus) { row, blob in
            UnsafeMutableRawBufferPointer(rebasing: matrix[row * bytesPerRow ..< (row + 1) * bytesPerRow]).copyMemory(from: blob)
        }
    }

    /// Steps through `statement` (position, vector blob, in position order), handing `body`
    /// each row's blob; throws `damagedCorpus` for a gap in the positions, a blob of another
    /// size than `bytesPerRow`, fewer rows than `rows` or rows beyond them.
    func forEachStoredRow(_ statement: Statement, rows: Int, bytesPerRow: Int, corpus: CorpusRecord,
                          _ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        var row = 0
        while row < rows, try statement.step() {
            guard statement.int(at: 0) == row else {
                throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "no item at position \(row)")
            }
            let handled: Bool = try statement.withBlob(at: 1) { blob in
                guard blob.count == bytesPerRow else { return false }
                try body(row, blob)
                return true
            }
            guard handled else {
                throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "the vector at position \(row) has the wrong size")
            }
            row += 1
        }
        guard row == rows else {
            throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "\(rows) items but \(row) vectors")
        }
        // Items beyond the last position counted (max(position) + 1 can wrap in SQLite).
        guard try !statement.step() else {
            throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "items beyond position \(rows - 1)")
        }
    }
}
