import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where and how saved sessions live: one JSON file per (model, corpus) under
/// `${XDG_STATE_HOME:-~/.local/state}/semblance/`, replaced atomically (a temporary file in
/// the same directory, flushed, then renamed over the old one), so a crash or a full disk
/// leaves the old file or the new one, never half of one.
public struct SessionStore: Hashable, Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `${XDG_STATE_HOME:-~/.local/state}/semblance`; XDG_STATE_HOME counts only when it is an
    /// absolute path, as the XDG specification says.
    public static func defaultDirectory(environment: [String: String]) throws(SessionFileError) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/semblance"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { throw .noStateDirectory }
        return home + "/.local/state/semblance"
    }

    /// The file for (`model`, `corpus`): readable names, plus a hash of the exact pair so
    /// names that differ only in characters the file name cannot hold stay apart.
    /// A named session (`--session NAME`) lives beside the automatic one, its name in the file
    /// name and the hash.
    public func path(model: String, corpus: String, name: String? = nil) -> String {
        let named: [UInt8] = name.map { [0] + Array($0.utf8) } ?? []
        let hash = Self.fnv1a(Array(model.utf8) + [0] + Array(corpus.utf8) + named)
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        let label = name.map { "--session-" + Self.slug($0) } ?? ""
        return directory + "/explorer-\(Self.slug(model))--\(Self.slug(corpus))\(label)-\(padded).json"
    }

    public enum Loaded: Hashable, Sendable {
        /// No file yet.
        case none
        case session(SavedExplorerSession)
        /// The file was damaged and moved to `keptAt` (`nil`: it could not be moved, so it is
        /// left in place and must not be overwritten).
        case damaged(SessionFileError, keptAt: String?)
        /// The file could not be read (permissions, a directory…): left alone.
        case unreadable(SessionFileError)
    }

    /// Reads the session for (`model`, `corpus`). A damaged file is moved aside (never
    /// overwritten silently) so the explorer can start empty and say where it went.
    public func load(model: String, corpus: String, name: String? = nil) -> Loaded {
        let path = path(model: model, corpus: corpus, name: name)
        let data: Data
        switch Self.read(path) {
        case .success(let bytes?): data = bytes
        case .success(nil): return .none
        case .failure(let error): return .unreadable(error)
        }
        let session: SavedExplorerSession
        do {
            session = try SavedExplorerSession.decode(data, path: path)
        } catch {
            if case .newerSession = error { return .unreadable(error) }
            return .damaged(error, keptAt: Self.moveAside(path))
        }
        guard session.model == model, session.corpus == corpus, session.name == name else {
            let error = SessionFileError.damagedSession(
                path: path, reason: "it is for model \(session.model), corpus \(session.corpus)")
            return .damaged(error, keptAt: Self.moveAside(path))
        }
        return .session(session)
    }

    /// Writes `session` to its file atomically, creating the directory (mode 0700) if needed.
    public func save(_ session: SavedExplorerSession) throws(SessionFileError) {
        let path = path(model: session.model, corpus: session.corpus, name: session.name)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileSystem(path: directory, operation: "create the directory", reason: Self.reason(error))
        }
        let data: Data
        do {
            data = try session.encoded()
        } catch {
            throw .fileSystem(path: path, operation: "encode the session", reason: "\(error)")
        }
        try Self.replace(path, with: data)
    }

    // MARK: - Files

    static func read(_ path: String) -> Result<Data?, SessionFileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { return .success(nil) }
            return .failure(.fileSystem(path: path, operation: "read it", reason: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return .failure(.fileSystem(path: path, operation: "read it", reason: String(cString: strerror(errno))))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return .failure(.fileSystem(path: path, operation: "read it", reason: "not a regular file"))
        }
        // A session is small; anything huge is not ours and must not exhaust memory.
        guard status.st_size <= 16 << 20 else {
            return .success(Data(repeating: 0, count: 1))  // decodes as damaged
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return .success(data)
            } else if errno != EINTR {
                return .failure(.fileSystem(path: path, operation: "read it", reason: String(cString: strerror(errno))))
            }
        }
    }

    /// `path.damaged`, or `path.damaged-2`, … (never replacing an earlier one); `nil` if the
    /// rename fails.
    private static func moveAside(_ path: String) -> String? {
        for attempt in 1...100 {
            let target = attempt == 1 ? path + ".damaged" : path + ".damaged-\(attempt)"
            var existing = stat()
            if lstat(target, &existing) == 0 { continue }
            return rename(path, target) == 0 ? target : nil
        }
        return nil
    }

    static func replace(_ path: String, with data: Data) throws(SessionFileError) {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let temporary = String(path[..<slash]) + "." + String(path[slash...]) + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .fileSystem(path: temporary, operation: "create it", reason: String(cString: strerror(errno)))
        }
        var failure: SessionFileError? = nil
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    failure = .fileSystem(path: temporary, operation: "write it",
                                          reason: String(cString: strerror(errno)))
                    return
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = .fileSystem(path: temporary, operation: "flush it", reason: String(cString: strerror(errno)))
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 {
            failure = .fileSystem(path: path, operation: "replace it", reason: String(cString: strerror(errno)))
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    private static func reason(_ error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }

    /// Letters, digits, `.`, `_` and `-` kept (at most 40), anything else as `_`.
    static func slug(_ text: String) -> String {
        let kept = text.unicodeScalars.prefix(40).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }
        let slug = String(kept)
        return slug.isEmpty || slug.hasPrefix(".") ? "_" + slug : slug
    }

    /// 64-bit FNV-1a: a stable name hash (not security; the file also records the pair).
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
