import Foundation
import HalfFloat
import Testing
@testable import VectorCache

/// Approximate search's sign codes kept beside the matrix sidecar: read back exactly when
/// current, and ignored (never trusted) when stale, damaged, truncated or for the other scoring.
@Suite struct SignCodeSidecarTests {
    private func indexedWithCodes() throws -> (TemporaryCache, VectorStore, CorpusRecord, SignCodes) {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(30), into: "c", store: store, encoder: CountingEncoder(dimension: 70), precision: .f16)
        let corpus = try store.requireCorpus(named: "c")
        let matrix = try store.openMatrix(of: corpus).matrix
        let codes = try #require(SignCodes(storage: matrix.storage, rows: matrix.rows, dimension: matrix.dimension, normalize: true))
        store.storeSignCodes(codes, of: corpus)
        return (cache, store, corpus, codes)
    }

    @Test func storedCodesReadBackExactly() throws {
        let (cache, store, corpus, codes) = try indexedWithCodes()
        defer { withExtendedLifetime(cache) {} }
        let read = try #require(store.storedSignCodes(of: corpus, normalize: true))
        #expect(read == codes)
        #expect(store.storedSignCodes(of: corpus, normalize: false) == nil)  // coded for cosine, not dot
    }

    @Test func damagedOrTruncatedCodesAreIgnored() throws {
        let (cache, store, corpus, _) = try indexedWithCodes()
        defer { withExtendedLifetime(cache) {} }
        let url = URL(fileURLWithPath: store.signCodesPath(of: corpus))
        let whole = try Data(contentsOf: url)
        var flipped = whole
        flipped[whole.count - 3] ^= 0x01
        try flipped.write(to: url)
        #expect(store.storedSignCodes(of: corpus, normalize: true) == nil)
        try whole.dropLast(8).write(to: url)
        #expect(store.storedSignCodes(of: corpus, normalize: true) == nil)
    }

    /// Codes of the format before `SidecarChecksum` (magic `SEMBSGN1`, Fletcher-64), whole and
    /// current by their own rules, are never read; stored again, they read back.
    @Test func oldFormatCodesAreNeverRead() throws {
        let (cache, store, corpus, codes) = try indexedWithCodes()
        defer { withExtendedLifetime(cache) {} }
        let url = URL(fileURLWithPath: store.signCodesPath(of: corpus))
        let payload = Array(try Data(contentsOf: url).dropFirst(SignCodeSidecar.headerBytes))
        let expectedBytes = codes.centre.count * 4 + codes.scales.count * 4 + codes.blocks.count + codes.tails.count * 8
        #expect(payload.count == expectedBytes)
        try Data(LegacySidecarFormat.signCodeFile(of: corpus, normalize: true, payload: payload)).write(to: url)
        #expect(store.storedSignCodes(of: corpus, normalize: true) == nil)
        store.storeSignCodes(codes, of: corpus)
        #expect(Array(try Data(contentsOf: url).prefix(8)) == Array("SEMBSGN2".utf8))
        #expect(store.storedSignCodes(of: corpus, normalize: true) == codes)
    }

    /// Re-indexing deletes the codes with the matrix sidecar; and codes of an older state of
    /// the corpus (another key) are never read.
    @Test func staleCodesAreNeverRead() throws {
        let (cache, store, corpus, codes) = try indexedWithCodes()
        defer { withExtendedLifetime(cache) {} }
        let path = store.signCodesPath(of: corpus)
        let kept = try Data(contentsOf: URL(fileURLWithPath: path))
        try index(sentences(31), into: "c", store: store, encoder: CountingEncoder(dimension: 70), precision: .f16)
        let changed = try store.requireCorpus(named: "c")
        #expect(!FileManager.default.fileExists(atPath: path) || store.storedSignCodes(of: changed, normalize: true) == nil)
        try kept.write(to: URL(fileURLWithPath: path))  // the old state's file put back
        #expect(store.storedSignCodes(of: changed, normalize: true) == nil)
        #expect(codes.rows == 30)
    }
    /// A file of the first layout (magic `SEMBSGN1`: centre, scales, whole codes), current in
    /// every other respect (key, sizes, its own checksum) and of the very size the present
    /// layout has (64 rows of 200 dimensions: 32 bytes a row either way), is never read: its
    /// codes would be misread. Storing the codes again writes the present layout, which reads back.
    @Test func anOlderLayoutIsNeverReadAndIsRewritten() throws {
        let cache = try TemporaryCache()
        defer { withExtendedLifetime(cache) {} }
        let store = try cache.open()
        try index(sentences(64), into: "c", store: store, encoder: CountingEncoder(dimension: 200), precision: .f16)
        let corpus = try store.requireCorpus(named: "c")
        let matrix = try store.openMatrix(of: corpus).matrix
        let codes = try #require(SignCodes(storage: matrix.storage, rows: 64, dimension: 200, normalize: true))
        let path = store.signCodesPath(of: corpus)
        let whole: [UInt64] = (0..<64).flatMap { codes.code(ofRow: $0) }
        var payload: [UInt8] = []
        codes.centre.withUnsafeBytes { payload += $0 }
        codes.scales.withUnsafeBytes { payload += $0 }
        whole.withUnsafeBytes { payload += $0 }
        try Data(LegacySidecarFormat.signCodeFile(of: corpus, normalize: true, payload: payload)).write(to: URL(fileURLWithPath: path))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size == 64 + 200 * 4 + 64 * 4 + codes.blocks.count + codes.tails.count * 8)
        #expect(store.storedSignCodes(of: corpus, normalize: true) == nil)
        store.storeSignCodes(codes, of: corpus)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(8) == Data("SEMBSGN2".utf8))
        #expect(store.storedSignCodes(of: corpus, normalize: true) == codes)
    }
}
