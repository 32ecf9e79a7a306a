import Glibc

/// Reads a theme file and says truly why it cannot be used: no such file, a directory,
/// permission, not a regular file (a FIFO would block the read forever), too large, or not
/// UTF-8 (with the line and byte offset of the first bad byte).
public enum ThemeFileReader {
    /// Theme files are a dozen lines; anything larger is not one (and /dev/zero must not be read).
    public static let maximumBytes = 64 * 1024

    /// The file's text (one leading BOM removed), or the problem; `label` names the file in it.
    public static func read(path: String, label: String) -> Result<String, ExplorerUIError> {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(unreadable(label, openFailure(errno, path: path))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(unreadable(label, describe(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(unreadable(label, "is a directory"))
        case S_IFIFO: return .failure(unreadable(label, "not a regular file (a FIFO)"))
        case S_IFCHR, S_IFBLK: return .failure(unreadable(label, "not a regular file (a device)"))
        case S_IFSOCK: return .failure(unreadable(label, "not a regular file (a socket)"))
        default: return .failure(unreadable(label, "not a regular file"))
        }
        guard info.st_size <= maximumBytes else {
            return .failure(unreadable(label, "too large for a theme (\(info.st_size) bytes; at most \(maximumBytes))"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while bytes.count <= maximumBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(unreadable(label, describe(errno)))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard bytes.count <= maximumBytes else {
            return .failure(unreadable(label, "too large for a theme (more than \(maximumBytes) bytes)"))
        }
        return decode(bytes, label: label)
    }

    /// UTF-8 text without one leading BOM, or where the first invalid byte is.
    public static func decode(_ bytes: [UInt8], label: String) -> Result<String, ExplorerUIError> {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput:
                var text = String(decoding: bytes, as: UTF8.self)
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                return .success(text)
            case .error:
                let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                let byte = offset < bytes.count ? bytes[offset] : 0
                let hex = String(byte, radix: 16, uppercase: true)
                return .failure(.themeLine(file: label, line: line,
                                           reason: "not UTF-8: byte 0x\(hex.count == 1 ? "0" : "")\(hex) at byte offset \(offset)"))
            }
        }
    }

    private static func unreadable(_ label: String, _ reason: String) -> ExplorerUIError {
        .themeUnreadable(file: label, reason: reason)
    }

    private static func openFailure(_ code: Int32, path: String) -> String {
        switch code {
        case ENOENT:
            var info = stat()
            // A link that points nowhere exists itself: say so rather than "no such file".
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return "a symbolic link to a missing file" }
            return "no such file"
        case ENOTDIR: return "no such file (a part of the path is not a directory)"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "file name too long"
        default: return describe(code)
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
