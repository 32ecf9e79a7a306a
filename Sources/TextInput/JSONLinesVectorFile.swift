import Foundation
import StrictJSON

/// JSON Lines of vectors, one object per line with the vector in `field` (`{"text": ...,
/// "embedding": [...]}`, as `semblance encode` prints): read a chunk of the file at a time,
/// so memory stays bounded by the block of rows asked for, not the file.
///
/// Opening reads every line once: each must be an object whose field is an array of
/// `dimension` finite numbers (the first line's width when no dimension is given); blank
/// lines are skipped, and errors name the line.
public final class JSONLinesVectorFile: VectorRows {
    public let path: String
    public let field: String
    public private(set) var rows = 0
    public private(set) var dimension = 0

    public init(path: String, dimension expected: Int?, field: String = "embedding") throws {
        self.path = path
        self.field = field
        var width = expected
        var count = 0
        try forEachVector { line, vector in
            if width == nil { width = vector.count }
            guard vector.count == width else {
                throw TextInputError.badVectors(
                    path: path, detail: "line \(line): \(vector.count) components, not \(width ?? 0)\(expected == nil ? " as on the first line" : ", the model's dimension")")
            }
            count += 1
        }
        guard count > 0 else { throw TextInputError.badVectors(path: path, detail: "holds no vectors") }
        rows = count
        dimension = width ?? 0
    }

    public func makeCursor() throws -> any VectorCursor { Cursor(file: self, lines: try LineChunks(path: path)) }

    private struct Cursor: VectorCursor {
        let file: JSONLinesVectorFile
        let lines: LineChunks

        mutating func next(maxRows: Int) throws -> [Float] {
            var values: [Float] = []
            values.reserveCapacity(max(1, maxRows) * file.dimension)
            while values.count < max(1, maxRows) * file.dimension, let (line, vector) = try file.nextVector(from: lines) {
                guard vector.count == file.dimension else {
                    throw TextInputError.badVectors(path: file.path, detail: "line \(line): changed while it was read")
                }
                values.append(contentsOf: vector)
            }
            return values
        }
    }

    /// Calls `body` with each line number and its vector.
    private func forEachVector(_ body: (Int, [Float]) throws -> Void) throws {
        let lines = try LineChunks(path: path)
        while let (line, vector) = try nextVector(from: lines) { try body(line, vector) }
    }

    /// The next non-blank line's vector, or nil at the end.
    private func nextVector(from lines: LineChunks) throws -> (Int, [Float])? {
        while let (number, bytes) = try lines.next() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return (number, try vector(bytes, line: number))
        }
        return nil
    }

    private func vector(_ bytes: [UInt8], line: Int) throws -> [Float] {
        func bad(_ detail: String) -> TextInputError { .badVectors(path: path, detail: "line \(line): \(detail)") }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, allowingByteOrderMark: line == 1) } catch {
            throw bad("not valid JSON (\(error.reason))")
        }
        let array: [JSONValue]
        switch value {
        case let .array(items): array = items  // a bare vector per line
        case .object:
            guard let member = value[field] else { throw bad("no field \"\(field)\"") }
            guard case let .array(items) = member else { throw bad("field \"\(field)\" is \(member.kindName), not an array of numbers") }
            array = items
        default: throw bad("expected an object with an \"\(field)\" array")
        }
        var vector: [Float] = []
        vector.reserveCapacity(array.count)
        for (component, item) in array.enumerated() {
            guard case let .number(number) = item else { throw bad("component \(component) is \(item.kindName), not a number") }
            let float = Float(number.text) ?? Float(number.double)
            guard float.isFinite else { throw bad("component \(component) is \(number.text), beyond float32; every component must be finite") }
            vector.append(float)
        }
        guard !vector.isEmpty else { throw bad("an empty vector") }
        return vector
    }
}

/// The lines of a regular file, read 1 MiB at a time: numbered from 1, without `\n` or `\r\n`.
final class LineChunks {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    private var number = 0

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileManager.default.fileExists(atPath: path)
                ? TextInputError.unreadable(path: path, reason: "permission denied")
                : TextInputError.fileNotFound(path: path)
        }
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            try? handle.close()
            throw TextInputError.badVectors(path: path, detail: "must be a regular file (it is read more than once)")
        }
        self.handle = handle
        self.path = path
    }

    deinit { try? handle.close() }

    func next() throws -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                defer { start = newline + 1 }
                return numbered(buffer[start ..< newline])
            }
            if ended {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return numbered(buffer[start...])
            }
            buffer.removeFirst(start)
            start = 0
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw TextInputError.unreadable(path: path, reason: error.localizedDescription)
            }
            if chunk.isEmpty { ended = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private func numbered(_ line: ArraySlice<UInt8>) -> (Int, [UInt8]) {
        number += 1
        return (number, Array(line.last == 0x0D ? line.dropLast() : line))
    }
}
