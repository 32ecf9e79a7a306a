import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a cache file really is, found before SQLite sees the path.
///
/// SQLite opens whatever the path names: a FIFO blocks its `open` forever, and for a link
/// to `/dev/null` it creates `/dev/null-journal`. So links are resolved here (the cache
/// is then used through its target, its `-wal` and `-shm` beside the real file) and
/// anything but a regular file is refused, as is a side file SQLite would open that is not.
struct CacheFileLocation: Equatable {
    /// The path with every symbolic link resolved; the file itself may not exist yet.
    let resolvedPath: String
    /// Whether a regular file is there.
    let exists: Bool

    /// The directory the file is (or will be) in.
    var directory: String { (resolvedPath as NSString).deletingLastPathComponent }

    /// The side files SQLite may open beside the database.
    static let sideFileSuffixes = ["-wal", "-shm", "-journal"]

    /// What is wrong with a path that cannot hold a cache.
    enum Problem: Error, Equatable {
        /// The directory the file would go in does not exist.
        case missingDirectory(String)
        case refused(VectorCacheError)
    }

    /// Resolves `path` (relative to the working directory) link by link.
    static func locate(_ path: String) throws(Problem) -> CacheFileLocation {
        guard !path.isEmpty else { throw .refused(.cannotCreate(path: path, reason: "the path is empty")) }
        var current = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        // Links followed by hand, at most as many as the kernel follows (MAXSYMLINKS).
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                let failure = errno
                guard failure == ENOENT else {
                    throw .refused(.cannotCreate(path: path, reason: String(cString: strerror(failure))))
                }
                return try absent(current, given: path)
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                guard let target = readLink(current) else {
                    throw .refused(.cannotCreate(path: path, reason: "cannot read the symbolic link \(current)"))
                }
                current = target.hasPrefix("/") ? target : (current as NSString).deletingLastPathComponent + "/" + target
                continue
            }
            if let kind = fileKind(info.st_mode) {
                // Through a link, name what it leads to: "cache nul (→ /dev/null) is a character device".
                let named = current == path ? path : "\(path) (→ \(current))"
                throw .refused(kind == "a directory" ? .isDirectory(path: named) : .notRegularFile(path: named, kind: kind))
            }
            guard let real = realPath(current) else {
                throw .refused(.cannotCreate(path: path, reason: "cannot resolve \(current)"))
            }
            let location = CacheFileLocation(resolvedPath: real, exists: true)
            try location.checkSideFiles()
            return location
        }
        throw .refused(.cannotCreate(path: path, reason: "too many levels of symbolic links"))
    }

    /// A path whose last component does not exist: its directory must.
    private static func absent(_ current: String, given path: String) throws(Problem) -> CacheFileLocation {
        let name = (current as NSString).lastPathComponent
        let parent = (current as NSString).deletingLastPathComponent
        guard !current.hasSuffix("/"), !name.isEmpty, name != ".", name != ".." else {
            throw .refused(.isDirectory(path: path))
        }
        guard let realParent = realPath(parent.isEmpty ? "/" : parent) else { throw .missingDirectory(parent) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: realParent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .refused(.cannotCreate(path: path, reason: "\(parent) is not a directory"))
        }
        let location = CacheFileLocation(resolvedPath: (realParent == "/" ? "" : realParent) + "/" + name, exists: false)
        try location.checkSideFiles()
        return location
    }

    /// Refuses a `-wal`, `-shm` or `-journal` that exists and is not a regular file: SQLite
    /// would block on a FIFO or write through a link. (A link is refused here, not followed:
    /// SQLite itself only ever creates regular side files.)
    private func checkSideFiles() throws(Problem) {
        for suffix in Self.sideFileSuffixes {
            let side = resolvedPath + suffix
            var info = stat()
            guard lstat(side, &info) == 0 else { continue }
            if let kind = Self.fileKind(info.st_mode) {
                throw .refused(.notRegularFile(path: side, kind: kind))
            }
        }
    }

    /// A name for anything that is not a regular file, `nil` for a regular file.
    static func fileKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
