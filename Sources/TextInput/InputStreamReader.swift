import Foundation

/// Reads a whole file or standard input with POSIX calls, so every failure has its true
/// reason (Foundation's readers trap on a closed or directory stdin, and call a FIFO
/// "permission denied").
enum InputStreamReader {
    /// The bytes of `path` to its end. Regular files, FIFOs and character devices are read;
    /// a directory, a socket or a missing or unreadable file is a `TextInputError`.
    /// Also says whether it was a stream (not a regular file), which cannot be read twice.
    static func readFile(_ path: String) throws -> (data: Data, isStream: Bool) {
        // No O_NONBLOCK: a FIFO is read as a stream, waiting for its writer as `cat` does.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw openError(path: path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw TextInputError.unreadable(path: path, reason: Self.reason(errno))
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw TextInputError.notAFile(path: path)
        case S_IFREG, S_IFIFO, S_IFCHR: break
        default: throw TextInputError.unreadable(path: path, reason: "not a file, FIFO or character device")
        }
        let isRegular = status.st_mode & S_IFMT == S_IFREG
        let data = try readToEnd(descriptor, sizeHint: isRegular ? Int(clamping: status.st_size) : 0) {
            TextInputError.unreadable(path: path, reason: $0)
        }
        return (data, !isRegular)
    }

    /// Standard input to its end.
    static func readStandardInput() throws -> Data {
        let name = "<stdin>"
        guard !StandardStreams.inputWasClosed else {
            throw TextInputError.unreadable(path: name, reason: "standard input is closed")
        }
        var status = stat()
        guard fstat(STDIN_FILENO, &status) == 0 else {
            throw TextInputError.unreadable(path: name, reason: errno == EBADF ? "standard input is closed" : Self.reason(errno))
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw TextInputError.unreadable(path: name, reason: "standard input is a directory")
        }
        let sizeHint = status.st_mode & S_IFMT == S_IFREG ? Int(clamping: status.st_size) : 0
        return try readToEnd(STDIN_FILENO, sizeHint: sizeHint) { TextInputError.unreadable(path: name, reason: $0) }
    }

    private static func readToEnd(_ descriptor: Int32, sizeHint: Int, error: (String) -> TextInputError) throws -> Data {
        var data = Data()
        if sizeHint > 0 { data.reserveCapacity(sizeHint) }
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunk) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw error(errno == EISDIR ? "is a directory" : Self.reason(errno))
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    private static func openError(path: String, errno code: Int32) -> TextInputError {
        switch code {
        case ENOENT: .fileNotFound(path: path)
        case EACCES: .unreadable(path: path, reason: "permission denied")
        case ENOTDIR: .unreadable(path: path, reason: "a part of the path is not a directory")
        case EISDIR: .notAFile(path: path)
        case ENXIO: .unreadable(path: path, reason: "a socket or a device with nothing behind it")
        default: .unreadable(path: path, reason: reason(code))
        }
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
