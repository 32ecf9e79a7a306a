/// A file of vectors made elsewhere, read a block of rows at a time so memory stays bounded
/// whatever its size. Every row has been checked (shape, finite components) by the time a
/// reader is made, so reading it again finds the same rows or throws naming the file.
public protocol VectorRows {
    /// The file, for messages.
    var path: String { get }
    var rows: Int { get }
    var dimension: Int { get }

    /// A reader from row 0, handing out the rows in order.
    func makeCursor() throws -> any VectorCursor

    /// The rows at `indices` (each in `0 ..< rows`), in that order.
    func rows(at indices: [Int]) throws -> [[Float]]
}

/// Reads the rows of a vectors file in order, a few at a time.
public protocol VectorCursor {
    /// The next at most `maxRows` rows, row-major; empty at the end. Throws when the file
    /// no longer holds what was checked (it changed while it was read).
    mutating func next(maxRows: Int) throws -> [Float]

    /// The next rows as float16 bits exactly as the file holds them, for a float16 file (nil
    /// for any other: read `next`). Reads from the same place as `next`.
    mutating func nextHalves(maxRows: Int) throws -> [UInt16]?
}

extension VectorCursor {
    public mutating func nextHalves(maxRows: Int) throws -> [UInt16]? { nil }
}

extension VectorRows {
    /// Calls `body` with consecutive blocks of at most `blockRows` rows, row-major floats,
    /// from row 0 to the last; `firstRow` is the block's first row.
    public func forEachBlock(blockRows: Int, _ body: (_ firstRow: Int, _ values: UnsafeBufferPointer<Float>) throws -> Void) throws {
        var cursor = try makeCursor()
        var first = 0
        while first < rows {
            let block = try cursor.next(maxRows: max(1, blockRows))
            guard !block.isEmpty, block.count % dimension == 0 else {
                throw TextInputError.badVectors(path: path, detail: "changed while it was read (row \(first))")
            }
            try block.withUnsafeBufferPointer { try body(first, $0) }
            first += block.count / dimension
        }
    }

    public func rows(at indices: [Int]) throws -> [[Float]] {
        let wanted = Set(indices)
        var found: [Int: [Float]] = [:]
        try forEachBlock(blockRows: 4096) { first, values in
            let count = values.count / max(1, dimension)
            for row in first ..< first + count where wanted.contains(row) {
                let start = (row - first) * dimension
                found[row] = Array(values[start ..< start + dimension])
            }
        }
        return try indices.map { index in
            guard let row = found[index] else {
                throw TextInputError.badVectors(path: path, detail: "has no row \(index)")
            }
            return row
        }
    }

    /// The first row (0-based) and component holding NaN or infinity, if any.
    static func firstNonFinite(_ values: UnsafeBufferPointer<Float>, firstRow: Int, dimension: Int) -> (row: Int, component: Int)? {
        // One branch-free sum first: NaN or ±∞ anywhere makes it non-finite (finite
        // components of unit vectors cannot overflow it).
        var total: Float = 0
        for value in values { total += value * 0 }
        guard !total.isFinite else { return nil }
        guard let offset = values.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (firstRow + offset / max(1, dimension), offset % max(1, dimension))
    }
}

/// Reads a vectors file by its extension: `.npy`, or `.jsonl`/`.ndjson` of `{"embedding": [...]}`.
public enum VectorFiles {
    /// Opens and checks every row of `path` (shape, `dimension` when given, finite values).
    public static func open(_ path: String, dimension: Int?, field: String = "embedding") throws -> any VectorRows {
        switch fileExtension(path) {
        case "npy": return try NumpyMatrixFile(path: path, dimension: dimension)
        case "jsonl", "ndjson": return try JSONLinesVectorFile(path: path, dimension: dimension, field: field)
        default:
            throw TextInputError.badVectors(
                path: path, detail: "not a vectors file: give a .npy (numpy.save) or a .jsonl with an \"\(field)\" field per line")
        }
    }

    /// The lowercased extension of the path's last component ("" for none).
    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
