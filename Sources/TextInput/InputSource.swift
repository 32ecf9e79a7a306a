import Foundation

/// The bytes of one input (a file or standard input) and the name errors use for it.
public struct InputSource: Sendable {
    /// File path, or `<stdin>`.
    public let name: String
    /// The content without its leading UTF-8 byte order mark, if it had one.
    public let data: Data
    /// True when the source was a FIFO, a character device or standard input: it cannot be
    /// read a second time, so a reader that needs two passes must keep this copy.
    public let isStream: Bool

    /// One leading UTF-8 byte order mark is dropped, whatever the format: editors add it and
    /// it is not part of the first text (a BOM anywhere else is kept as text).
    public init(name: String, data: Data, isStream: Bool = false) {
        self.name = name
        self.data = data.starts(with: Self.byteOrderMark) ? Data(data.dropFirst(Self.byteOrderMark.count)) : data
        self.isStream = isStream
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Reads a file into memory: a private copy, so the file may be truncated, rewritten or
    /// deleted while it is being read. (A memory map of a file truncated under it faults
    /// with SIGBUS; memory is the price: the file's size, while the source lives.)
    /// A FIFO or a character device is read as a stream, to its end.
    public static func file(_ path: String) throws -> InputSource {
        let (data, isStream) = try InputStreamReader.readFile(path)
        return InputSource(name: path, data: data, isStream: isStream)
    }

    /// Reads standard input to its end. Throws (never traps) when it is closed, a directory
    /// or unreadable.
    public static func standardInput() throws -> InputSource {
        InputSource(name: "<stdin>", data: try InputStreamReader.readStandardInput(), isStream: true)
    }

    /// The lines of the input, numbered from 1, without their `\n` or `\r\n`.
    /// A final newline does not start another line.
    public var lines: LineSequence { LineSequence(source: self) }
}

/// Iterates the lines of an `InputSource` as validated UTF-8 strings.
public struct LineSequence: Sendable {
    let source: InputSource

    /// Calls `body` with each line number and text; stops at the first error.
    public func forEach(_ body: (_ line: Int, _ text: String) throws -> Void) throws {
        let data = source.data
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var lineStart = 0
            var lineNumber = 1
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let slice = UnsafeBufferPointer(rebasing: bytes[lineStart..<contentEnd])
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw TextInputError.invalidUTF8(source: source.name, line: lineNumber)
                }
                try body(lineNumber, text)
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
    }
}
