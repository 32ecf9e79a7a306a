import Foundation
import TextInput
import TextOutput

/// Buffered writing to standard output or a file (printing vectors line by line is slow).
///
/// A file is an `OutputFile`: a regular file is replaced atomically by `finish()` (an error
/// before leaves it as it was), a symlink is written through, a FIFO or device is streamed into.
final class OutputWriter {
    private enum Destination {
        case standardOutput
        case file(OutputFile)
    }

    private let destination: Destination
    private let name: String
    private var buffer = Data()

    /// `path == nil` writes to standard output.
    init(path: String?) throws {
        guard let path else {
            destination = .standardOutput
            name = "<stdout>"
            return
        }
        destination = .file(try OutputFile(path: path))
        name = path
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
        switch destination {
        case .standardOutput:
            guard !StandardStreams.outputWasClosed else { throw CLIError.standardOutputClosed }
            do {
                try FileHandle.standardOutput.write(contentsOf: buffer)
            } catch {
                throw CLIError.cannotWrite(path: name, reason: error.localizedDescription)
            }
        case let .file(file):
            try file.write(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and makes a file output final (the rename over a regular file happens here).
    func finish() throws {
        try flush()
        if case let .file(file) = destination { try file.commit() }
    }
}
