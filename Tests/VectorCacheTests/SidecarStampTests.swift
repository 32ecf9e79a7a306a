import Foundation
import HalfFloat
import Testing
@testable import VectorCache

/// The stamp that lets a sidecar open without a pass over every byte: it vouches only for the
/// very file it was made for, as it was, so any write, replacement or older state is checked
/// in full again (and rebuilt from SQLite when that fails).
@Suite struct SidecarStampTests {
    private func indexed(_ count: Int = 20) throws -> (TemporaryCache, VectorStore, CorpusRecord, String) {
        let cache = try TemporaryCache()
        let store = try cache.open()
        try index(sentences(count), into: "c", store: store, encoder: CountingEncoder(dimension: 8), precision: .f16)
        let corpus = try store.requireCorpus(named: "c")
        return (cache, store, corpus, store.matrixSidecarPath(of: corpus))
    }

    /// Opens the sidecar the way search does, saying whether it was read in full.
    private func open(_ corpus: CorpusRecord, _ store: VectorStore) -> (matrix: CorpusMatrix, checkedInFull: Bool)? {
        MatrixSidecar.map(of: corpus, cachePath: store.resolvedPath, mayNote: true)
    }

    /// Overwrites `count` bytes at `offset` in place (same inode, same length).
    private func overwrite(_ path: String, at offset: Int, with bytes: [UInt8]) throws {
        let descriptor = Foundation.open(path, O_WRONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        #expect(bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) } == bytes.count)
    }

    private func byte(_ path: String, at offset: Int) throws -> UInt8 {
        try Data(contentsOf: URL(fileURLWithPath: path))[offset]
    }

    @Test func aSidecarThisProgramWroteOpensOnItsStamp() throws {
        let (cache, store, corpus, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        #expect(FileManager.default.fileExists(atPath: SidecarStamp.path(of: path)))
        let opened = try #require(open(corpus, store))
        #expect(!opened.checkedInFull)
        #expect(opened.matrix.floats() == (try store.loadMatrix(of: corpus)).floats())
    }

    /// A byte changed in place, even with the file's mtime put back, moves its ctime: the
    /// stamp no longer matches, the checksum fails and SQLite answers (and the sidecar is rewritten).
    @Test(arguments: [false, true])
    func aSidecarChangedInPlaceIsCheckedInFullAndRebuilt(restoringTheModificationTime: Bool) throws {
        let (cache, store, corpus, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        var before = stat()
        #expect(stat(path, &before) == 0)
        let offset = MatrixSidecar.dataOffset + 37
        try overwrite(path, at: offset, with: [try byte(path, at: offset) ^ 0x10])
        if restoringTheModificationTime {
            var times = [before.st_atim, before.st_mtim]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        }
        #expect(open(corpus, store) == nil)
        let (matrix, source) = try store.openMatrix(of: corpus)
        #expect(source == .rebuilt)
        #expect(matrix.floats() == (try store.loadMatrix(of: corpus)).floats())
        #expect(open(corpus, store)?.checkedInFull == false)  // the rebuilt one carries a new stamp
    }

    /// The same bytes under another inode (a copy put in its place) are not vouched for: they
    /// are checked in full (and pass, being whole).
    @Test func aCopyPutInPlaceIsCheckedInFull() throws {
        let (cache, store, corpus, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        let copy = path + ".copy"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        #expect(rename(copy, path) == 0)
        #expect(open(corpus, store)?.checkedInFull == true)
    }

    /// A damaged copy put in place with the original's mtime (cp -p, rsync -a) is refused.
    @Test func aDamagedCopyWithTheOriginalTimesIsRefused() throws {
        let (cache, store, corpus, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        var before = stat()
        #expect(stat(path, &before) == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0x01
        let copy = path + ".copy"
        try bytes.write(to: URL(fileURLWithPath: copy))
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, copy, &times, 0) == 0)
        #expect(rename(copy, path) == 0)
        #expect(open(corpus, store) == nil)
        #expect(try store.openMatrix(of: corpus).source == .rebuilt)
    }

    /// The stamp binds the whole header: an older state of the corpus (another key) put
    /// back with its own stamp is refused by its key; a stamp moved onto another file never matches.
    @Test func aStampVouchesOnlyForItsOwnFile() throws {
        let (cache, store, old, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        let oldSidecar = try Data(contentsOf: URL(fileURLWithPath: path))
        let oldStamp = try Data(contentsOf: URL(fileURLWithPath: SidecarStamp.path(of: path)))
        try index(sentences(20).reversed(), into: "c", store: store, encoder: CountingEncoder(dimension: 8), precision: .f16)
        let new = try store.requireCorpus(named: "c")
        #expect(open(new, store)?.checkedInFull == false)
        try oldStamp.write(to: URL(fileURLWithPath: SidecarStamp.path(of: path)))  // the old stamp beside the new file
        #expect(open(new, store)?.checkedInFull == true)
        try oldSidecar.write(to: URL(fileURLWithPath: path))  // and the old file back too
        try oldStamp.write(to: URL(fileURLWithPath: SidecarStamp.path(of: path)))
        #expect(open(new, store) == nil)
        #expect(MatrixSidecar.key(of: old) != MatrixSidecar.key(of: new))
    }

    /// A full pass leaves a stamp only once the file's ctime has settled (a write in the same
    /// clock tick would leave its times alike); a damaged stamp is no stamp.
    @Test func aFullPassStampsOnlyASettledFile() throws {
        let (cache, store, corpus, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        let stamp = SidecarStamp.path(of: path)
        unlink(stamp)
        #expect(open(corpus, store)?.checkedInFull == true)
        #expect(!FileManager.default.fileExists(atPath: stamp))  // just written: not settled
        let descriptor = Foundation.open(path, O_RDONLY)
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: MatrixSidecar.headerBytes)
        #expect(header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) } == header.count)
        SidecarStamp.recordVerified(sidecar: path, descriptor: descriptor, header: header, settleTime: .zero)
        #expect(open(corpus, store)?.checkedInFull == false)
        var damaged = try Data(contentsOf: URL(fileURLWithPath: stamp))
        damaged[12] ^= 0x01
        try damaged.write(to: URL(fileURLWithPath: stamp))
        #expect(open(corpus, store)?.checkedInFull == true)
    }

    /// Removing or re-indexing the corpus removes the stamps with the sidecars.
    @Test func stampsGoWithTheirSidecars() throws {
        let (cache, store, _, path) = try indexed()
        defer { withExtendedLifetime(cache) {} }
        _ = try store.removeCorpus(named: "c")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: SidecarStamp.path(of: path)))
    }

    /// Sign codes: stamped when written; changed in place, they are checked in full and refused.
    @Test func signCodesChangedInPlaceAreRefused() throws {
        let (cache, store, corpus, _) = try indexed(30)
        defer { withExtendedLifetime(cache) {} }
        let matrix = try store.openMatrix(of: corpus).matrix
        let codes = try #require(SignCodes(storage: matrix.storage, rows: matrix.rows, dimension: matrix.dimension, normalize: true))
        store.storeSignCodes(codes, of: corpus)
        let path = store.signCodesPath(of: corpus)
        #expect(FileManager.default.fileExists(atPath: SidecarStamp.path(of: path)))
        #expect(store.storedSignCodes(of: corpus, normalize: true) == codes)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        try overwrite(path, at: size - 3, with: [try byte(path, at: size - 3) ^ 0x01])
        #expect(store.storedSignCodes(of: corpus, normalize: true) == nil)
    }

    /// The checksum fed in pieces of any length equals the checksum of the whole.
    @Test func theStreamingChecksumEqualsTheWholeOne() {
        // Fixed bytes (no generator): any pattern will do, as long as it is the same every run.
        let bytes = (0 ..< 203).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = bytes.withUnsafeBytes { SidecarChecksum(of: $0) }
        for cuts in [[0, 203], [3, 11, 203], [7, 8, 9, 200, 203], [1, 2, 3, 4, 5, 6, 7, 203]] {
            var sum = StreamingChecksum()
            var start = 0
            for end in cuts {
                bytes[start ..< end].withUnsafeBytes { sum.add($0) }
                start = end
            }
            #expect(sum.value == whole)
        }
    }
}
