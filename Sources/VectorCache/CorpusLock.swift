import Digest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Exclusive use of one corpus of one cache, across processes and within one, for as long
/// as the value lives: two `index` runs of a corpus would otherwise interleave their
/// batches and leave items of both, and `cache remove` would pull the corpus away under a run.
///
/// The lock is an open-file-description lock (`F_OFD_SETLKW`) on one byte of the file
/// `<cache>.lock`, at an offset taken from the corpus name's SHA-256: the kernel drops it
/// when the holder closes the file or dies, however it dies, so no stale lock can remain,
/// and two corpora never wait for each other (the lock file itself stays empty).
public final class CorpusLock {
    public let corpus: String
    private var descriptor: Int32

    /// `fcntl` commands for open-file-description locks (Linux 3.15+; glibc hides the names
    /// behind _GNU_SOURCE). Unlike classic POSIX locks they belong to the open file, so two
    /// stores in one process exclude each other and closing another descriptor keeps them.
    private static let setLock: Int32 = 37  // F_OFD_SETLK
    private static let setLockWaiting: Int32 = 38  // F_OFD_SETLKW

    /// Takes the lock of `corpus` in the cache at `cachePath` (its resolved path). When
    /// another holder has it, calls `onWait` once, then waits until it is released.
    init(cachePath: String, displayPath: String, corpus: String, onWait: (() -> Void)?) throws {
        self.corpus = corpus
        let lockPath = cachePath + ".lock"
        // O_NONBLOCK: a FIFO put there must not block the open; O_NOFOLLOW: nor a link redirect it.
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard descriptor >= 0 else {
            let failure = errno
            if failure == EACCES || failure == EROFS || failure == EPERM { throw VectorCacheError.readOnly(path: displayPath) }
            if failure == ELOOP { throw VectorCacheError.notRegularFile(path: lockPath, kind: "a symbolic link") }
            throw VectorCacheError.cannotLock(path: lockPath, reason: String(cString: strerror(failure)))
        }
        self.descriptor = descriptor
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw VectorCacheError.cannotLock(path: lockPath, reason: String(cString: strerror(errno)))
        }
        if let kind = CacheFileLocation.fileKind(info.st_mode) {
            throw VectorCacheError.notRegularFile(path: lockPath, kind: kind)
        }
        var region = flock()
        region.l_type = Int16(F_WRLCK)
        region.l_whence = Int16(SEEK_SET)
        region.l_start = Self.byteOffset(of: corpus)
        region.l_len = 1
        region.l_pid = 0  // required for OFD locks
        if fcntl(descriptor, Self.setLock, &region) == 0 { return }
        guard errno == EAGAIN || errno == EACCES else {
            throw VectorCacheError.cannotLock(path: lockPath, reason: String(cString: strerror(errno)))
        }
        onWait?()
        while fcntl(descriptor, Self.setLockWaiting, &region) != 0 {
            guard errno == EINTR else {
                throw VectorCacheError.cannotLock(path: lockPath, reason: String(cString: strerror(errno)))
            }
        }
    }

    deinit { release() }

    /// Gives the lock up (also done when the value goes away).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    /// The byte locked for `corpus`: 62 bits of its name's SHA-256, so any two names collide
    /// with a chance of 2⁻⁶², and the offset stays far from overflowing `off_t`.
    public static func byteOffset(of corpus: String) -> off_t {
        let bytes = SHA256.hash(corpus).bytes
        let value = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return off_t(value >> 2)
    }
}

extension VectorStore {
    /// Takes corpus `name` for this process alone until the returned lock goes away; see
    /// `CorpusLock`. `onWait` is called once if another run holds it (then this one waits).
    public func lockCorpus(named name: String, onWait: (() -> Void)? = nil) throws -> CorpusLock {
        guard isWritable else { throw VectorCacheError.readOnly(path: path) }
        return try CorpusLock(cachePath: resolvedPath, displayPath: path, corpus: name, onWait: onWait)
    }
}
