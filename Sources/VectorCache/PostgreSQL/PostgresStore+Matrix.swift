import PostgresClient

extension PostgresStore {
    /// Every vector of `corpus` as one matrix, rows in position order, the bytea copied
    /// straight into it; a gap or a wrong-size blob is a damaged corpus, as in SQLite.
    public func loadMatrix(of corpus: CorpusRecord) throws -> CorpusMatrix {
        let dimension = corpus.model.dimension
        let rows = try guarded {
            try connection.query("""
                SELECT i.position, v.vector FROM items i JOIN vectors v ON v.id = i.vector
                WHERE i.corpus = $1 ORDER BY i.position
                """, [.integer(corpus.id)])
        }
        let count = rows.count
        let (components, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard dimension > 0, !overflow else {
            throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "\(count) items of \(dimension) components")
        }
        let bytesPerRow = dimension * corpus.precision.bytesPerComponent
        func copy(into matrix: UnsafeMutableRawBufferPointer) throws {
            for row in 0..<count {
                guard rows.integer(row, 0) == Int64(row) else {
                    throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "no item at position \(row)")
                }
                let copied = rows.withBytes(row, 1) { blob -> Bool in
                    guard blob.count == bytesPerRow else { return false }
                    UnsafeMutableRawBufferPointer(rebasing: matrix[row * bytesPerRow ..< (row + 1) * bytesPerRow]).copyMemory(from: blob)
                    return true
                } ?? false
                guard copied else {
                    throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "the vector at position \(row) has the wrong size")
                }
            }
        }
        let storage: CorpusMatrix.Storage
        switch corpus.precision {
        case .f32:
            storage = .f32(try [Float](unsafeUninitializedCapacity: components) { buffer, initialized in
                initialized = 0
                try copy(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = components
            })
        case .f16:
            storage = .f16(try [UInt16](unsafeUninitializedCapacity: components) { buffer, initialized in
                initialized = 0
                try copy(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = components
            })
        }
        let matrix = CorpusMatrix(rows: count, dimension: dimension, storage: storage)
        if let bad = matrix.nonFiniteRows(), let first = bad.first {
            throw VectorCacheError.damagedCorpus(
                corpus: corpus.name,
                detail: "\(bad.count) item(s) have non-finite vectors (NaN or infinity), the first at position \(first); indexing it again encodes them anew")
        }
        return matrix
    }
}
