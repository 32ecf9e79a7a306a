import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file that results are written to, without ever replacing what is not a regular file.
///
/// - A regular file, or a path that does not exist yet, is written to a temporary file in the
///   target's own directory (after following symbolic links) and renamed over it by `commit`:
///   readers see the old content or the new, never a half-written file, and an error before
///   `commit` leaves the old file as it was. The new file keeps an existing file's
///   permission bits (and owner, when the process may set it); a new file gets 0666 less the umask.
/// - A symbolic link is followed: its target is replaced (or created), the link stays.
/// - A FIFO or a character device (`/dev/null`, a terminal) is opened and written as a
///   stream; it is never removed or renamed over.
/// - A directory, a block device or a socket is refused.
/// - A descriptor link (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`, a
///   shell's `>(…)`) names an open file, not a path: its target reads `pipe:[…]` or names a
///   file the shell opened (perhaps for appending). It is written as a stream through that
///   descriptor (a duplicate of it, for this process's own), whatever it is: nothing is ever
///   renamed over the shell's file, and `>>` keeps appending.
public final class OutputFile {
    /// The path as given (for messages).
    public let path: String
    private let descriptor: Int32
    /// For a replaced file: the temporary file, and the path it is renamed to on commit.
    private let replacement: (temporary: String, target: String)?
    private var finished = false

    /// Opens `path` for writing as described above; throws `OutputFileError` naming the path.
    public init(path: String) throws(OutputFileError) {
        self.path = path
        let target: String
        switch try Self.followLinks(path) {
        case let .path(resolved):
            target = resolved
        case let .openDescriptor(link, number):
            descriptor = try Self.openDescriptor(link: link, number: number, path: path)
            replacement = nil
            return
        }
        var status = stat()
        if stat(target, &status) != 0 {
            let code = errno
            guard code == ENOENT else { throw OutputFileError(path: path, reason: Self.reason(code)) }
            let (descriptor, temporary) = try Self.temporaryFile(beside: target, path: path)
            let mask = umask(0)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
            self.descriptor = descriptor
            replacement = (temporary, target)
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            let (descriptor, temporary) = try Self.temporaryFile(beside: target, path: path)
            // Owner first: chown clears set-id bits, which fchmod then restores.
            _ = fchown(descriptor, status.st_uid, status.st_gid)
            fchmod(descriptor, status.st_mode & 0o7777)
            self.descriptor = descriptor
            replacement = (temporary, target)
        case S_IFIFO, S_IFCHR:
            // No O_CREAT, no O_TRUNC: the node stays what it is. A FIFO waits for its reader, as `>` does.
            let descriptor = open(target, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw OutputFileError(path: path, reason: Self.reason(errno)) }
            self.descriptor = descriptor
            replacement = nil
        case S_IFDIR: throw OutputFileError(path: path, reason: "is a directory")
        case S_IFBLK: throw OutputFileError(path: path, reason: "is a block device (not written)")
        case S_IFSOCK: throw OutputFileError(path: path, reason: "is a socket")
        default: throw OutputFileError(path: path, reason: "is not a regular file")
        }
    }

    /// Whether the output is written in place as a stream (FIFO, character device) rather
    /// than replaced on `commit`.
    public var isStream: Bool { replacement == nil }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputFileError) {
        guard !finished else { throw OutputFileError(path: path, reason: "written after it was finished") }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputFileError(path: path, reason: Self.reason(errno))
            }
            offset += written
        }
    }

    public func write(_ data: Data) throws(OutputFileError) {
        var failure: OutputFileError?
        data.withUnsafeBytes { bytes in
            do throws(OutputFileError) { try write(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Makes the output final: a replaced file is synced and renamed over its target; a
    /// stream is closed. Until then, a replaced file's old content is untouched.
    public func commit() throws(OutputFileError) {
        guard !finished else { return }
        finished = true
        guard let replacement else {
            guard close(descriptor) == 0 || errno == EINTR else { throw OutputFileError(path: path, reason: Self.reason(errno)) }
            return
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(replacement.temporary)
            throw OutputFileError(path: path, reason: Self.reason(code))
        }
        close(descriptor)
        if rename(replacement.temporary, replacement.target) != 0 {
            let code = errno
            unlink(replacement.temporary)
            throw OutputFileError(path: path, reason: Self.reason(code))
        }
    }

    /// Drops the output: a replaced file's temporary file is removed, the target untouched.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        if let replacement { unlink(replacement.temporary) }
    }

    deinit { discard() }

    /// Where following `path`'s links ends: a path to write, or a descriptor link.
    enum Resolved: Equatable {
        /// A path that is not a symbolic link (or does not exist).
        case path(String)
        /// A link in a `/proc/PID/fd` directory: descriptor `number` of a process.
        /// `link` is the link itself (opened directly when it is another process's).
        case openDescriptor(link: String, number: Int32)
    }

    /// `path` with every symbolic link in its last component followed (a dangling link
    /// gives the path it points to, to be created there), stopping at a descriptor link.
    static func followLinks(_ path: String) throws(OutputFileError) -> Resolved {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0 else {
                let code = errno
                // A missing descriptor link is a closed descriptor, not a file to create.
                if code == ENOENT, let number = descriptorNumber(ofLink: current) {
                    throw OutputFileError(path: path, reason: "descriptor \(number) is not open")
                }
                if code == ENOENT { return .path(current) }
                throw OutputFileError(path: path, reason: reason(code))
            }
            guard status.st_mode & S_IFMT == S_IFLNK else { return .path(current) }
            if let number = descriptorNumber(ofLink: current) { return .openDescriptor(link: current, number: number) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw OutputFileError(path: path, reason: reason(errno)) }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
        }
        throw OutputFileError(path: path, reason: reason(ELOOP))
    }

    /// The descriptor number when `link` is an entry of a `/proc/PID/fd` directory (its
    /// "target" is then not a path to follow but the open file itself).
    static func descriptorNumber(ofLink link: String) -> Int32? {
        guard let name = link.split(separator: "/").last, let number = Int32(name), number >= 0,
              let directory = realPath(directory(of: link)) else { return nil }
        let parts = directory.split(separator: "/")
        guard parts.count >= 3, parts.first == "proc", parts.last == "fd" else { return nil }
        return number
    }

    /// This process's own descriptor links (`/proc/self/fd`, `/proc/thread-self/fd` and
    /// their numeric forms) are duplicated, keeping the shell's open file, its offset and
    /// append mode; another process's are opened. Either way the result is a stream.
    private static func openDescriptor(link: String, number: Int32, path: String) throws(OutputFileError) -> Int32 {
        let own = realPath(directory(of: link)).map { $0.hasPrefix("/proc/\(getpid())/") } ?? false
        let descriptor = own ? fcntl(number, F_DUPFD_CLOEXEC, 0) : open(link, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputFileError(path: path, reason: reason(errno)) }
        let flags = fcntl(descriptor, F_GETFL)
        var status = stat()
        let why: String? = if fstat(descriptor, &status) != 0 { reason(errno) }
            else if status.st_mode & S_IFMT == S_IFDIR { "is a directory" }
            else if flags >= 0 && flags & O_ACCMODE == O_RDONLY { "descriptor \(number) is not open for writing" }
            else { nil }
        if let why {
            close(descriptor)
            throw OutputFileError(path: path, reason: why)
        }
        return descriptor
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A new private file in `target`'s directory, so the rename stays within one file system.
    private static func temporaryFile(beside target: String, path: String) throws(OutputFileError) -> (Int32, String) {
        let directory = directory(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? "output"
        var template = Array((directory + "/." + name + ".semblance-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            let code = errno
            let why = code == ENOENT ? "no such directory \(directory)" : "cannot create a file in \(directory): \(reason(code))"
            throw OutputFileError(path: path, reason: why)
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (descriptor, temporary)
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}

/// Why an output could not be written.
public struct OutputFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot write (\(reason))" }
}
