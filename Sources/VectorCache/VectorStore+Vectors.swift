import Digest

extension VectorStore {
    /// Row ids of the stored vectors among `hashes` for (model, precision); absent ones are
    /// missing, and so are damaged ones holding NaN or infinity, so that they are encoded
    /// again (and overwritten) rather than reused.
    func vectorIDs(model: ModelRecord, precision: VectorPrecision, hashes: some Sequence<SHA256Digest>) throws -> [SHA256Digest: Int64] {
        try storedVectors(model: model, precision: precision, hashes: hashes, keepingBlobs: false).ids
    }

    /// What the cache holds for some texts of one (model, precision).
    struct StoredVectors {
        /// Rows that may be reused (every component finite).
        var ids: [SHA256Digest: Int64] = [:]
        /// Their blobs, when asked for.
        var blobs: [SHA256Digest: [UInt8]] = [:]
        /// Rows holding NaN or infinity: not reused, overwritten when their text is written.
        var damaged: [SHA256Digest: Int64] = [:]
    }

    /// The stored vectors among `hashes` for (model, precision), healthy and damaged apart;
    /// `keepingBlobs` copies the healthy ones' bytes too.
    func storedVectors(model: ModelRecord, precision: VectorPrecision, hashes: some Sequence<SHA256Digest>,
                       keepingBlobs: Bool) throws -> StoredVectors {
        let statement = try database.prepare(
            "SELECT id, vector FROM vectors WHERE model = ?1 AND precision = ?2 AND text_hash = ?3")
        var found = StoredVectors()
        for hash in hashes where found.ids[hash] == nil && found.damaged[hash] == nil {
            try statement.bind([.integer(model.id), .text(precision.rawValue), .blob(hash.bytes)])
            guard try statement.step() else { continue }
            let blob: [UInt8]? = statement.withBlob(at: 1) { bytes in
                guard NonFiniteComponents.first(in: bytes, precision: precision) == nil else { return nil }
                return keepingBlobs ? Array(bytes) : []
            }
            if let blob {
                found.ids[hash] = statement.int64(at: 0)
                if keepingBlobs { found.blobs[hash] = blob }
            } else {
                found.damaged[hash] = statement.int64(at: 0)
            }
        }
        return found
    }

    /// The stored finite f32 vectors among `hashes` for `model`, to derive f16 ones without encoding.
    func f32Vectors(model: ModelRecord, hashes: some Sequence<SHA256Digest>) throws -> [SHA256Digest: [Float]] {
        let statement = try database.prepare(
            "SELECT vector FROM vectors WHERE model = ?1 AND precision = 'f32' AND text_hash = ?2")
        var found: [SHA256Digest: [Float]] = [:]
        for hash in hashes where found[hash] == nil {
            try statement.bind([.integer(model.id), .blob(hash.bytes)])
            if try statement.step(),
               let vector = statement.withBlob(at: 0, { VectorPrecision.f32.floats($0, dimension: model.dimension) }),
               vector.allSatisfy(\.isFinite) {
                found[hash] = vector
            }
        }
        return found
    }

    /// The stored vector of `text` for (model, precision), widened to floats; `nil` if absent.
    public func vector(of text: String, model: ModelRecord, precision: VectorPrecision) throws -> [Float]? {
        try guarded {
            let statement = try database.prepare(
                "SELECT vector FROM vectors WHERE model = ?1 AND precision = ?2 AND text_hash = ?3")
            try statement.bind([.integer(model.id), .text(precision.rawValue), .blob(SHA256.hash(text).bytes)])
            guard try statement.step() else { return nil }
            return statement.withBlob(at: 0) { precision.floats($0, dimension: model.dimension) }
        }
    }

    /// Number of vectors stored for (model, precision).
    public func vectorCount(model: ModelRecord, precision: VectorPrecision) throws -> Int {
        try guarded {
            try database.scalar("SELECT count(*) FROM vectors WHERE model = ?1 AND precision = ?2",
                                [.integer(model.id), .text(precision.rawValue)])?.int ?? 0
        }
    }
}
