import Foundation
import Testing
import VectorCache

#if canImport(Glibc)
import Glibc
#endif

/// What the cache path names: anything but a regular file is refused before SQLite opens it
/// (a FIFO would block the open forever, a device would get a `-journal` beside it), links
/// are followed so the side files sit beside the real file, and only the default location's
/// directory is created.
@Suite struct CacheFileLocationTests {
    private func refusal(_ path: String, writable: Bool) throws -> VectorCacheError {
        try #require(throws: VectorCacheError.self) { try VectorStore(path: path, writable: writable) }
    }

    @Test func fifoIsRefusedWithoutOpeningIt() throws {
        let cache = try TemporaryCache()
        #expect(mkfifo(cache.path, 0o644) == 0)
        for writable in [true, false] {
            let error = try refusal(cache.path, writable: writable)
            #expect(error == .notRegularFile(path: cache.path, kind: "a FIFO (named pipe)"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path) == ["cache.sqlite"])
    }

    @Test func socketIsRefused() throws {
        let cache = try TemporaryCache()
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketDescriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(cache.path.utf8)
        try #require(pathBytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        for writable in [true, false] {
            #expect(try refusal(cache.path, writable: writable) == .notRegularFile(path: cache.path, kind: "a socket"))
        }
    }

    @Test func linkToDevNullIsRefusedAndNothingIsCreatedBesideIt() throws {
        let cache = try TemporaryCache()
        try FileManager.default.createSymbolicLink(atPath: cache.path, withDestinationPath: "/dev/null")
        for writable in [true, false] {
            let error = try refusal(cache.path, writable: writable)
            #expect(error == .notRegularFile(path: "\(cache.path) (→ /dev/null)", kind: "a character device"))
        }
        for suffix in ["-journal", "-wal", "-shm", ".lock"] {
            #expect(!FileManager.default.fileExists(atPath: "/dev/null" + suffix))
        }
    }

    @Test func linkToARegularFileIsUsedThroughItsTarget() throws {
        let cache = try TemporaryCache()
        let realDirectory = cache.directory.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: realDirectory, withIntermediateDirectories: true)
        let target = realDirectory.appendingPathComponent("target.sqlite").path
        // A link to a file that does not exist yet: the cache is created at the target.
        try FileManager.default.createSymbolicLink(atPath: cache.path, withDestinationPath: "real/target.sqlite")
        let store = try VectorStore(path: cache.path, writable: true)
        try index(["a", "b"], into: "c", store: store, encoder: CountingEncoder())
        #expect(store.resolvedPath == target)
        #expect(FileManager.default.fileExists(atPath: target + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: cache.path + "-wal"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: cache.path) == "real/target.sqlite")
        #expect(try VectorStore(path: cache.path, writable: false).requireCorpus(named: "c").itemCount == 2)
    }

    @Test func sideFilesThatAreNotRegularFilesAreRefused() throws {
        for suffix in ["-wal", "-shm", "-journal"] {
            let cache = try TemporaryCache()
            try index(["a"], into: "c", store: cache.open(), encoder: CountingEncoder())
            for leftover in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cache.path + leftover) }
            #expect(mkfifo(cache.path + suffix, 0o644) == 0)
            for writable in [true, false] {
                #expect(try refusal(cache.path, writable: writable) == .notRegularFile(path: cache.path + suffix, kind: "a FIFO (named pipe)"))
            }
            try FileManager.default.removeItem(atPath: cache.path + suffix)
            try FileManager.default.createSymbolicLink(atPath: cache.path + suffix, withDestinationPath: "/dev/null")
            #expect(try refusal(cache.path, writable: true) == .notRegularFile(path: cache.path + suffix, kind: "a symbolic link"))
        }
    }

    @Test func lockFileThatIsNotARegularFileIsRefused() throws {
        let cache = try TemporaryCache()
        #expect(mkfifo(cache.path + ".lock", 0o644) == 0)
        let error = #expect(throws: VectorCacheError.self) {
            try index(["a"], into: "c", store: cache.open(), encoder: CountingEncoder())
        }
        #expect(error == .notRegularFile(path: cache.path + ".lock", kind: "a FIFO (named pipe)"))
    }

    @Test func linkLoopIsAnErrorNotAHang() throws {
        let cache = try TemporaryCache()
        try FileManager.default.createSymbolicLink(atPath: cache.path, withDestinationPath: "cache.sqlite")
        let error = try refusal(cache.path, writable: true)
        #expect(error == .cannotCreate(path: cache.path, reason: "too many levels of symbolic links"))
    }

    @Test func explicitPathInAMissingDirectoryIsRefusedAndNothingIsCreated() throws {
        let cache = try TemporaryCache()
        let nested = cache.directory.appendingPathComponent("missing/deeper/cache.sqlite").path
        let error = try refusal(nested, writable: true)
        #expect(error == .missingDirectory(path: nested, directory: cache.directory.appendingPathComponent("missing/deeper").path))
        #expect(error.description.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: cache.directory.appendingPathComponent("missing").path))
        #expect(try refusal(nested, writable: false) == .missing(path: nested))
        // The default location asks for its directories.
        let store = try VectorStore(path: nested, writable: true, createDirectories: true)
        #expect(try store.schemaVersion() == 4)
    }
}
