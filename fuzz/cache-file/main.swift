// fuzz: module=VectorCache max_len=512
import Foundation

/// libFuzzer entry for reading a damaged cache: the input is a list of edits applied to a
/// small valid cache (two corpora, f32 and f16) — values written into its rows with the
/// CHECK constraints off, and raw bytes patched into the file — before the cache is opened,
/// listed, loaded, searched item by item, verified and indexed into.
///
/// Every call must return or throw; no value in the file may trap or exhaust memory.
/// The edits are fixed statements with bound values: the input never becomes SQL.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCacheFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = FuzzCache.damagedCopy(edits: FuzzEdits(Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))))
    if let store = try? VectorStore(path: path, writable: false) {
        _ = try? store.schemaVersion()
        _ = try? store.summaries()
        for corpus in (try? store.corpora()) ?? [] {
            if let matrix = try? store.loadMatrix(of: corpus) {
                _ = matrix.row(0)
                _ = matrix.row(matrix.rows - 1)
            }
            _ = try? store.items(of: corpus, at: [0, 2, -1, 1 << 40])
            var seen = 0
            try? store.forEachItem(of: corpus) { _ in seen += 1 }
            _ = try? store.vector(of: "text 1", model: corpus.model, precision: corpus.precision)
            _ = try? store.vectorCount(model: corpus.model, precision: corpus.precision)
        }
        _ = try? store.verify(maximumProblems: 5)
    }
    if let store = try? VectorStore(path: path, writable: true),
       let indexer = try? CorpusIndexer(store: store, corpus: "first", model: FuzzCache.identity, precision: nil,
                                        sources: ["fuzz"], batchSize: 2, encode: FuzzCache.encode) {
        for index in 0..<3 { try? indexer.add(CorpusItem(text: "text \(index)")) }
        _ = try? indexer.finish()
    }
    return 0
}
