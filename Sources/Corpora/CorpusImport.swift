import Embedding
import Foundation
import TextInput
import TextOutput
import VectorCache

/// Importing vectors made elsewhere (a GPU, sentence-transformers) into a named corpus, with
/// texts read as `index` reads them.
///
/// Everything is checked before the cache is touched: the vectors file's every row (shape,
/// dimension, finite values), the texts (and ids) counted against its rows, and — unless
/// verification is skipped — a seeded sample of the items re-encoded with the model and
/// compared by cosine. The write then streams through `CorpusIndexer` a batch at a time, so
/// memory holds one batch of vectors, every batch is committed, and a rerun after an
/// interruption goes on where it stopped (texts already stored are not taken again).
public struct CorpusImport {
    /// How many items verification re-encodes (all of them when there are fewer).
    public static let sampleSize = 32
    /// The lowest cosine between an imported vector and the model's own that passes: f16
    /// storage and another machine's float arithmetic stay far above it (≥ 0.9999).
    public static let minimumCosine = 0.999
    /// Seeds the sample, so a refusal names the same item every run.
    public static let sampleSeed: UInt64 = 0x5345_4D42
    /// Items committed together by the SQLite indexer: an interrupted import loses at most
    /// this many (a few seconds' work), and a 2,000,000-item import commits 8 times instead
    /// of 1,954. Each commit rewrites every page of the text-hash index its rows touched (at
    /// random: nearly all of them): 2,000,000 items wrote 6.4 GB this way, 8.8 GB at 65,536.
    public static let rowsPerTransaction = 262_144

    /// What a run did.
    public struct Outcome: Sendable, Equatable {
        public let report: CorpusIndexer.Report
        public let precision: VectorPrecision
        public let origin: CorpusOrigin
    }

    /// A sampled item whose imported vector the model does not reproduce.
    public struct Mismatch: Sendable, Equatable {
        public let position: Int
        public let text: String
        public let cosine: Double
        /// Another sampled item whose model vector the row matches (the rows are in another
        /// order than the texts), with that cosine.
        public let matchesPosition: Int?
        public let matchesText: String?
        public let matchesCosine: Double?
    }

    public let corpus: String
    public let vectors: any VectorRows
    public let textsPath: String
    public let idsPath: String?
    /// Items in the texts file (equal to the vectors' rows).
    public var total: Int { vectors.rows }
    private let reader: CorpusSourceReader

    /// The first pass: opens and checks the vectors file for `dimension`-wide rows, counts
    /// the texts (and ids, one per line) and refuses any count that differs from the rows.
    public init(corpus: String, vectorsPath: String, textsPath: String, idsPath: String? = nil,
                dimension: Int, reader: CorpusSourceReader = CorpusSourceReader()) throws {
        try reader.refuseRepeatedStreams([textsPath] + (idsPath.map { [$0] } ?? []))
        vectors = try VectorFiles.open(vectorsPath, dimension: dimension)
        let texts = try reader.count(in: textsPath)
        guard texts == vectors.rows else {
            throw CorporaError.importCountMismatch(vectors: vectorsPath, rows: vectors.rows, texts: textsPath, count: texts, what: "texts")
        }
        if let idsPath {
            let ids = try Self.ids(in: idsPath).count
            guard ids == vectors.rows else {
                throw CorporaError.importCountMismatch(vectors: vectorsPath, rows: vectors.rows, texts: idsPath, count: ids, what: "ids")
            }
        }
        self.corpus = corpus
        self.textsPath = textsPath
        self.idsPath = idsPath
        self.reader = reader
    }

    /// One id per line, every line (an empty line is an empty id).
    static func ids(in path: String) throws -> [String] {
        var ids: [String] = []
        try InputSource.file(path).lines.forEach { _, text in ids.append(text) }
        return ids
    }

    /// The positions verification re-encodes: `sampleSize` distinct ones drawn with a seeded
    /// generator (all of them for a small corpus), in increasing order.
    public static func samplePositions(rows: Int, size: Int = sampleSize, seed: UInt64 = sampleSeed) -> [Int] {
        guard rows > size else { return Array(0 ..< max(0, rows)) }
        var generator = SplitMix(state: seed)
        var chosen = Set<Int>()
        while chosen.count < size { chosen.insert(Int(generator.next() % UInt64(rows))) }
        return chosen.sorted()
    }

    /// A small seeded generator (SplitMix64), so the sample is the same on every machine.
    private struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Re-encodes the sample with `encode` (the model, with the corpus's document prompt) and
    /// returns the first item whose imported vector has a cosine below `minimumCosine` with
    /// the model's, or nil when all match. Returns how many items were compared too.
    public func verify(encode: ([String]) throws -> [[Float]]) throws -> (checked: Int, mismatch: Mismatch?) {
        let positions = Self.samplePositions(rows: vectors.rows)
        let wanted = Set(positions)
        var texts: [Int: String] = [:]
        var position = 0
        try reader.forEachItem(in: textsPath) { item in
            if wanted.contains(position) { texts[position] = item.text }
            position += 1
        }
        let sampleTexts = positions.map { texts[$0] ?? "" }
        let imported = try vectors.rows(at: positions)
        let encoded = try encode(sampleTexts)
        guard encoded.count == positions.count else {
            throw VectorCacheError.encoderReturnedWrongCount(expected: positions.count, got: encoded.count)
        }
        for (offset, row) in imported.enumerated() {
            let cosine = VectorMath.cosine(row, encoded[offset])
            guard !(cosine >= Self.minimumCosine) else { continue }
            // The row may be another sampled item's vector: the files are in different orders.
            let best = encoded.indices.filter { $0 != offset }
                .map { ($0, VectorMath.cosine(row, encoded[$0])) }
                .max { $0.1 < $1.1 }
            let match = best.flatMap { $0.1 >= Self.minimumCosine ? $0 : nil }
            return (positions.count, Mismatch(
                position: positions[offset], text: sampleTexts[offset], cosine: cosine,
                matchesPosition: match.map { positions[$0.0] }, matchesText: match.map { sampleTexts[$0.0] },
                matchesCosine: match?.1))
        }
        return (positions.count, nil)
    }

    /// `verify`, throwing `vectorsDoNotMatch` (texts shortened and quoted) on a mismatch;
    /// returns how many items were compared.
    public func requireMatch(encode: ([String]) throws -> [[Float]]) throws -> Int {
        let (checked, mismatch) = try verify(encode: encode)
        if let mismatch {
            throw CorporaError.vectorsDoNotMatch(
                vectors: vectors.path, position: mismatch.position, text: TerminalText.quotedExcerpt(mismatch.text),
                cosine: mismatch.cosine, otherPosition: mismatch.matchesPosition,
                otherText: mismatch.matchesText.map { TerminalText.quotedExcerpt($0) })
        }
        return checked
    }

    /// The precision to store at when none is asked for: a new corpus keeps a float16 file
    /// float16 (its vectors hold no more), anything else keeps the corpus's own (f32 when new).
    public func defaultPrecision(in store: any CacheStore) throws -> VectorPrecision? {
        if try store.corpus(named: corpus) != nil { return nil }
        return (vectors as? NumpyMatrixFile)?.isHalf == true ? .f16 : nil
    }

    /// How batches reach the indexer: `overlapped` reads and prepares the next batch on a
    /// second thread while this one writes the current (the default); `serial` does both on
    /// this thread; `itemByItem` adds items one at a time with vectors through `encode` (what
    /// a store without its own way of taking prepared batches does). All three store the same.
    public enum Feeding: Sendable {
        case overlapped, serial, itemByItem
    }

    /// The second pass: streams items and their vectors into the corpus, a batch at a time,
    /// and records its origin (`verified` false for --no-verify). `progress` as for `index`.
    public func run(into store: any CacheStore, model: ModelIdentity, precision: VectorPrecision?, verified: Bool,
                    batchSize: Int, feeding: Feeding = .overlapped, onWait: (() -> Void)? = nil,
                    progress: @escaping (CorpusIndexing.Progress) -> Void = { _ in }) throws -> Outcome {
        // A float16 file holds nothing beyond ±65504 (its infinities were refused when opened): no pass needed.
        if precision == .f16, (vectors as? NumpyMatrixFile)?.isHalf != true { try refuseBeyondHalf() }
        let batch = max(1, batchSize)
        // The batch being added, for `encode`: a run that takes items one by one (a server's)
        // asks for the vectors of texts it lacks (a rerun asks for none it stored), in batch order.
        final class CurrentBatch { var batch: PreparedBatch? }
        let current = CurrentBatch()
        // Through the cache's own indexer: SQLite's, or the server's. On a server, a batch
        // another import of the same corpus holds is revisited at the end, when its rows are
        // no longer in `current`: found done it is kept; if that import died holding it, this
        // one stops with the error below and a rerun imports the rest.
        let indexer = try store.makeIndexer(
            corpus: corpus, model: model, precision: precision,
            sources: [vectors.path, textsPath].map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            batchSize: batch, onWait: onWait,
            encode: { [path = vectors.path] texts in
                let found = current.batch?.vectors(of: texts) ?? texts.map { _ in nil }
                return try zip(texts, found).map { text, vector in
                    guard let vector else {
                        throw TextInputError.badVectors(path: path, detail: "no row for text \"\(text.prefix(60))\" in its batch")
                    }
                    return vector
                }
            })
        // Looking a row up costs nothing, so batches are committed together (see `groupCommits`).
        indexer.groupCommits(upTo: Self.rowsPerTransaction)
        let total = self.total
        progress(CorpusIndexing.Progress(done: 0, total: total))
        indexer.onProgress = { state in progress(CorpusIndexing.Progress(done: state.items, total: total)) }

        let batches = try ImportBatches(
            vectors: vectors, textsPath: textsPath, ids: try idsPath.map { try Self.ids(in: $0) }, reader: reader,
            precision: indexer.corpus.precision, batchSize: batch, model: model.name)
        func write(_ prepared: PreparedBatch) throws {
            current.batch = prepared
            switch feeding {
            case .itemByItem: for item in prepared.items { try indexer.add(item) }
            case .overlapped, .serial: try indexer.add(prepared)
            }
        }
        switch feeding {
        case .overlapped: try OverlappedBatches.run(producing: { deliver in try batches.forEach(deliver) }, consuming: write)
        case .serial, .itemByItem: try batches.forEach(write)
        }
        let report = try indexer.finish()
        let origin: CorpusOrigin = verified ? .imported : .importedUnverified
        try store.setOrigin(of: indexer.corpus, to: origin)
        return Outcome(report: report, precision: indexer.corpus.precision, origin: origin)
    }

    /// Float32 values beyond ±65504 become infinite in float16: refused before anything is
    /// written, naming the first (model vectors are unit length, so only a wrong file has one).
    private func refuseBeyondHalf() throws {
        try vectors.forEachBlock(blockRows: 4096) { first, values in
            guard let offset = values.firstIndex(where: { abs($0) > 65504 }) else { return }
            throw TextInputError.badVectors(
                path: vectors.path,
                detail: "row \(first + offset / vectors.dimension) (0-based) holds \(values[offset]), beyond float16's ±65504: import with --precision f32")
        }
    }
}
