import Embedding
import Foundation
import VectorCache

extension CorpusImport {
    /// What one `semblance import` asks for (the command's options, parsed).
    public struct Request {
        public var corpus: String
        public var vectorsPath: String
        public var textsPath: String
        public var idsPath: String?
        public var reader: CorpusSourceReader
        /// nil: the corpus's own; for a new corpus f16 from a float16 file, else f32.
        public var precision: VectorPrecision?
        /// false for --no-verify: no re-encoding, and the corpus is marked unverified.
        public var verify: Bool
        public var batchSize: Int

        public init(corpus: String, vectorsPath: String, textsPath: String, idsPath: String? = nil,
                    reader: CorpusSourceReader = CorpusSourceReader(), precision: VectorPrecision? = nil,
                    verify: Bool = true, batchSize: Int = 1024) {
            self.corpus = corpus
            self.vectorsPath = vectorsPath
            self.textsPath = textsPath
            self.idsPath = idsPath
            self.reader = reader
            self.precision = precision
            self.verify = verify
            self.batchSize = batchSize
        }
    }

    /// What a whole import did: the run's outcome and how many sampled items were re-encoded
    /// and matched (0 with --no-verify).
    public struct Result: Sendable, Equatable {
        public let outcome: Outcome
        public let checked: Int
    }

    /// A whole import, in the order that keeps the cache safe: every vector and text checked
    /// and (unless `request.verify` is false) the sample re-encoded with `model` and `prompt`
    /// (the corpus's document prompt) before `openStore` is called; then the items written
    /// through the store's own indexer, SQLite's or a PostgreSQL server's alike.
    public static func perform(_ request: Request, model: SentenceTransformer, prompt: ResolvedPrompt,
                               openStore: () throws -> any CacheStore, onWait: (() -> Void)? = nil,
                               progress: @escaping (CorpusIndexing.Progress) -> Void = { _ in }) throws -> Result {
        let importing = try CorpusImport(
            corpus: request.corpus, vectorsPath: request.vectorsPath, textsPath: request.textsPath,
            idsPath: request.idsPath, dimension: model.dimension, reader: request.reader)
        let checked = request.verify
            ? try importing.requireMatch { texts in try model.encode(texts, prompt: .text(prompt.text)) } : 0
        let store = try openStore()
        let identity = try model.identity(in: store, prompt: prompt)
        let outcome = try importing.run(
            into: store, model: identity, precision: try request.precision ?? importing.defaultPrecision(in: store),
            verified: request.verify, batchSize: request.batchSize, onWait: onWait, progress: progress)
        return Result(outcome: outcome, checked: checked)
    }
}
