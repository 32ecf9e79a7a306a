import Foundation
import Glibc
import Testing
import VectorCache

/// The weights hash is remembered per file, and never reused for other bytes under the
/// same path, size and modification time.
@Suite struct WeightsHashTests {
    let cache: TemporaryCache
    let weights: URL

    init() throws {
        cache = try TemporaryCache()
        weights = cache.directory.appendingPathComponent("model.safetensors")
        try Data("version one".utf8).write(to: weights)
    }

    /// The file's modification time as `stat` gives it, nanoseconds included.
    func modificationTime(of path: String) throws -> timespec {
        var info = stat()
        try #require(stat(path, &info) == 0)
        return info.st_mtim
    }

    /// Sets `path`'s access and modification times to `time`, to the nanosecond (as cp -p does).
    func setTimes(of path: String, to time: timespec) throws {
        var times = [time, time]
        try #require(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    /// Replaces the hash remembered for the weights with `fake`, to see whether it is used.
    func rememberFake(_ fake: String) throws {
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        try raw.run("UPDATE weight_hashes SET sha256 = ?1", [.text(fake)])
        #expect(raw.changes == 1)
    }

    @Test func anUntouchedFileIsNotHashedAgain() throws {
        let store = try cache.open()
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == SHA256Reference.versionOne)
        try rememberFake("remembered")
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == "remembered")
    }

    /// Each part of the file's identity, changed alone, makes the remembered hash unusable.
    @Test(arguments: ["device", "inode", "size", "modified_ns", "changed_ns"])
    func eachPartOfTheIdentityKeysTheHash(column: String) throws {
        let store = try cache.open()
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == SHA256Reference.versionOne)
        try rememberFake("remembered")
        let raw = try Database(path: cache.path, access: .readWriteCreate)
        try raw.run("UPDATE weight_hashes SET \(column) = \(column) - 1")
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == SHA256Reference.versionOne)
    }

    @Test func aSameSizeFileRenamedOverWithTheSameMtimeIsHashedAgain() throws {
        let store = try cache.open()
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == SHA256Reference.versionOne)
        let mtime = try modificationTime(of: weights.path)
        // As `cp -p new old`, `rsync -a` or `tar x` leave it: other bytes, same size and mtime.
        let copy = cache.directory.appendingPathComponent("copy.tmp")
        try Data("version 1ne".utf8).write(to: copy)
        try setTimes(of: copy.path, to: mtime)
        try #require(rename(copy.path, weights.path) == 0)
        #expect(try modificationTime(of: weights.path).tv_nsec == mtime.tv_nsec)
        #expect(try store.weightsSHA256(of: weights, settleTime: .zero) == SHA256Reference.versionOneAltered)
    }

    @Test func aFileRewrittenInPlaceWithItsMtimeRestoredIsHashedAgain() throws {
        let store = try cache.open()
        #expect(try store.weightsSHA256(of: weights) == SHA256Reference.versionOne)
        let mtime = try modificationTime(of: weights.path)
        let handle = try FileHandle(forWritingTo: weights)
        try handle.write(contentsOf: Data("version 1ne".utf8))
        try handle.close()
        try setTimes(of: weights.path, to: mtime)
        // Same inode, size and mtime: only the ctime tells, or (same clock tick) nothing
        // was remembered of a file this fresh.
        #expect(try store.weightsSHA256(of: weights) == SHA256Reference.versionOneAltered)
    }

    @Test func aFreshFileIsHashedButNotRemembered() throws {
        let store = try cache.open()
        #expect(try store.weightsSHA256(of: weights) == SHA256Reference.versionOne)
        let raw = try Database(path: cache.path, access: .readOnly)
        #expect(try raw.scalar("SELECT count(*) FROM weight_hashes") == .integer(0))
    }

    @Test func aSymlinkPointedElsewhereIsHashedAgain() throws {
        let store = try cache.open()
        let first = cache.directory.appendingPathComponent("a.safetensors")
        let second = cache.directory.appendingPathComponent("b.safetensors")
        try Data("version one".utf8).write(to: first)
        try Data("version 1ne".utf8).write(to: second)
        try setTimes(of: second.path, to: try modificationTime(of: first.path))
        let link = cache.directory.appendingPathComponent("link.safetensors")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: first)
        #expect(try store.weightsSHA256(of: link, settleTime: .zero) == SHA256Reference.versionOne)
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: second)
        #expect(try store.weightsSHA256(of: link, settleTime: .zero) == SHA256Reference.versionOneAltered)
    }

    @Test func aReadOnlyStoreHashesWithoutRemembering() throws {
        _ = try cache.open()
        let reader = try cache.open(writable: false)
        #expect(try reader.weightsSHA256(of: weights, settleTime: .zero) == SHA256Reference.versionOne)
        let raw = try Database(path: cache.path, access: .readOnly)
        #expect(try raw.scalar("SELECT count(*) FROM weight_hashes") == .integer(0))
    }

    @Test func missingWeightsAreAClearError() throws {
        let store = try cache.open()
        #expect(throws: VectorCacheError.self) {
            try store.weightsSHA256(of: cache.directory.appendingPathComponent("missing.safetensors"))
        }
        #expect(throws: VectorCacheError.self) { try store.weightsSHA256(of: cache.directory) }
    }
}

/// Digests computed with `printf 'version one' | sha256sum` (and 'version 1ne').
private enum SHA256Reference {
    static let versionOne = "197c7c60ef8a8470a38d1a9212bdfde9cfe6fd4be910825fe6ac7880ac765d16"
    static let versionOneAltered = "4bfd7657586fdcd980c7d462b1d60f10673003ea9b97a35670e8015643c1611b"
}
