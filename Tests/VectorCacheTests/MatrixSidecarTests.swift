import Foundation
import Testing
@testable import VectorCache

/// The search matrix sidecar: written at the end of a run, mapped when current and whole,
/// and otherwise ignored and rebuilt from SQLite, which stays the source of truth.
@Suite struct MatrixSidecarTests {
    /// A cache with corpus "c" of `count` sentences at `precision`, indexed (so its sidecar is written).
    func indexed(_ count: Int = 20, precision: VectorPrecision = .f16) throws -> (TemporaryCache, VectorStore, CorpusRecord) {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(count), into: "c", store: store, encoder: CountingEncoder(dimension: 8), precision: precision)
        return (cache, store, try store.requireCorpus(named: "c"))
    }

    @Test(arguments: [VectorPrecision.f16, .f32])
    func aFinishedRunWritesASidecarThatMapsToTheSameMatrix(precision: VectorPrecision) throws {
        let (cache, store, corpus) = try indexed(precision: precision)
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        #expect(FileManager.default.fileExists(atPath: store.matrixSidecarPath(of: corpus)))
        let (matrix, source) = try store.openMatrix(of: corpus)
        #expect(source == .sidecar)
        guard case .mapped = matrix.storage else { Issue.record("not mapped"); return }
        #expect(matrix.precision == precision && matrix.rows == 20)
        #expect(matrix.floats() == (try store.loadMatrix(of: corpus)).floats())
        #expect(matrix.row(19) == (try store.loadMatrix(of: corpus)).row(19))
    }

    @Test func aMissingSidecarIsRebuiltFromSQLite() throws {
        let (cache, store, corpus) = try indexed()
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        unlink(store.matrixSidecarPath(of: corpus))
        #expect(try store.openMatrix(of: corpus).source == .rebuilt)
        #expect(try store.openMatrix(of: corpus).source == .sidecar)
    }

    /// One flipped bit in the data (same length, same header) fails the checksum.
    @Test func aDamagedSidecarIsNotTrustedButRebuilt() throws {
        let (cache, store, corpus) = try indexed()
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        let path = store.matrixSidecarPath(of: corpus)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[MatrixSidecar.dataOffset + 37] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        let (matrix, source) = try store.openMatrix(of: corpus)
        #expect(source == .rebuilt)
        #expect(matrix.floats() == (try store.loadMatrix(of: corpus)).floats())
        #expect(try store.openMatrix(of: corpus).source == .sidecar)
    }

    /// The sign bit of the last component (bit 63 of the last 8 bytes), which the old
    /// Fletcher-64 missed, at both precisions.
    @Test(arguments: [VectorPrecision.f16, .f32])
    func aFlippedSignBitIsNotTrusted(precision: VectorPrecision) throws {
        let (cache, store, corpus) = try indexed(precision: precision)
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        let path = store.matrixSidecarPath(of: corpus)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0x80
        try bytes.write(to: URL(fileURLWithPath: path))
        let (matrix, source) = try store.openMatrix(of: corpus)
        #expect(source == .rebuilt)
        #expect(matrix.floats() == (try store.loadMatrix(of: corpus)).floats())
    }

    @Test func aTruncatedOrForeignSidecarIsRebuilt() throws {
        let (cache, store, corpus) = try indexed()
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        let path = store.matrixSidecarPath(of: corpus)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.dropLast(2).write(to: URL(fileURLWithPath: path))
        #expect(try store.openMatrix(of: corpus).source == .rebuilt)
        try Data("not a matrix".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try store.openMatrix(of: corpus).source == .rebuilt)
    }

    /// SQLite and the sidecar disagree after the corpus changed: the sidecar of the old
    /// state is never used, whether the run removed it (it does, first) or it was put back.
    @Test func aSidecarOfAnEarlierStateIsStale() throws {
        let (cache, store, old) = try indexed()
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        let path = store.matrixSidecarPath(of: old)
        let oldBytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try index(sentences(25), into: "c", store: store, encoder: CountingEncoder(dimension: 8), precision: .f16)
        let new = try store.requireCorpus(named: "c")
        try oldBytes.write(to: URL(fileURLWithPath: path))  // the old file, back in place
        let (matrix, source) = try store.openMatrix(of: new)
        #expect(source == .rebuilt && matrix.rows == 25)
        #expect(MatrixSidecar.key(of: old) != MatrixSidecar.key(of: new))
    }

    /// A file of the format before `SidecarChecksum` (magic `SEMBMTX1`, Fletcher-64), whole and
    /// current by its own rules and even stamped, is refused by its magic and rebuilt once.
    @Test(arguments: [VectorPrecision.f16, .f32])
    func anOldFormatSidecarIsRebuiltOnce(precision: VectorPrecision) throws {
        let (cache, store, corpus) = try indexed(precision: precision)
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        let path = store.matrixSidecarPath(of: corpus)
        let data = LegacySidecarFormat.bytes(of: try store.loadMatrix(of: corpus))
        try Data(LegacySidecarFormat.matrixFile(of: corpus, data: data)).write(to: URL(fileURLWithPath: path))
        let descriptor = Foundation.open(path, O_RDONLY)
        #expect(descriptor >= 0)
        var header = [UInt8](repeating: 0, count: MatrixSidecar.headerBytes)
        #expect(header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) } == header.count)
        SidecarStamp.recordVerified(sidecar: path, descriptor: descriptor, header: header, settleTime: .zero)
        close(descriptor)
        #expect(FileManager.default.fileExists(atPath: SidecarStamp.path(of: path)))

        #expect(MatrixSidecar.map(of: corpus, cachePath: store.resolvedPath, mayNote: false) == nil)
        let (matrix, source) = try store.openMatrix(of: corpus)
        #expect(source == .rebuilt)
        #expect(matrix.floats() == (try store.loadMatrix(of: corpus)).floats())
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(rewritten.prefix(8)) == Array("SEMBMTX2".utf8))
        #expect(Array(rewritten.dropFirst(MatrixSidecar.dataOffset)) == data)
        #expect(try store.openMatrix(of: corpus).source == .sidecar)
    }

    @Test func anIncompleteCorpusIsReadFromSQLiteOnly() throws {
        let cache = try TemporaryCache()
        let store = try cache.open()
        let encoder = CountingEncoder(dimension: 8)
        encoder.failAfter = 10
        #expect(throws: CountingEncoder.SimulatedCrash.self) {
            try index(sentences(20), into: "c", store: store, encoder: encoder, precision: .f16, batchSize: 4)
        }
        let corpus = try store.requireCorpus(named: "c")
        #expect(!corpus.isComplete)
        #expect(try store.openMatrix(of: corpus).source == .database)
        #expect(!FileManager.default.fileExists(atPath: store.matrixSidecarPath(of: corpus)))
    }

    @Test func removingACorpusRemovesItsSidecar() throws {
        let (cache, store, corpus) = try indexed()
        defer { withExtendedLifetime(cache) {} }  // its directory lives as long as the test
        _ = try store.removeCorpus(named: "c")
        #expect(!FileManager.default.fileExists(atPath: store.matrixSidecarPath(of: corpus)))
    }

    @Test func theChecksumSeesOrderAndTail() {
        let a: [UInt8] = Array(0 ..< 20), b = Array(a[8 ..< 16] + a[0 ..< 8] + a[16...])
        let sum = { (bytes: [UInt8]) in bytes.withUnsafeBytes { SidecarChecksum(of: $0) } }
        #expect(sum(a) != sum(b))
        #expect(sum(a) != sum(Array(a.dropLast())))
        #expect(sum(a) == sum(a))
    }
}
