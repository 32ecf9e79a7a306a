import Foundation

/// Buffered writing to standard output or a file (printing vectors line by line is slow).
final class OutputWriter {
    private let handle: FileHandle
    private let name: String
    private var buffer = Data()

    /// `path == nil` writes to standard output.
    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            name = "<stdout>"
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CLIError.cannotWrite(path: path, reason: "cannot create the file")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError.cannotWrite(path: path, reason: "cannot open the file")
        }
        self.handle = handle
        self.name = path
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw CLIError.cannotWrite(path: name, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
