import Foundation
import HalfFloat

/// A 2-D float32 or float16 `.npy` file (`numpy.save` of `model.encode(...)`), C or Fortran
/// order, read a block of rows at a time with `pread`.
///
/// The header is parsed strictly: exactly the keys `descr`, `fortran_order` and `shape`,
/// a little-endian float dtype, two positive dimensions, and a file exactly as long as the
/// header promises; anything else is one error naming the field. Opening also reads every
/// row once and refuses one holding NaN or infinity, so a later pass cannot fail half-way
/// on a bad row (only on a file changed under it, which is reported too).
public final class NumpyMatrixFile: VectorRows {
    public let path: String
    public let rows: Int
    public let dimension: Int
    /// float16 (`<f2`) rather than float32 (`<f4`).
    public let isHalf: Bool
    public let isFortranOrder: Bool
    /// Where the data starts, after the header.
    let dataOffset: Int
    private let descriptor: Int32

    /// Opens `path`, checks its header, size and every row; `dimension` (when given) is the
    /// width rows must have.
    public init(path: String, dimension expected: Int?) throws {
        self.path = path
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? TextInputError.fileNotFound(path: path)
                : TextInputError.unreadable(path: path, reason: String(cString: strerror(code)))
        }
        self.descriptor = descriptor
        do {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                throw TextInputError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw TextInputError.notAFile(path: path)
            default: throw TextInputError.badVectors(path: path, detail: "must be a regular file (it is read more than once)")
            }
            let header = try NumpyHeader.read(descriptor: descriptor, path: path, fileSize: Int(status.st_size))
            rows = header.rows
            dimension = header.columns
            isHalf = header.isHalf
            isFortranOrder = header.isFortranOrder
            dataOffset = header.dataOffset
            if let expected, expected != dimension {
                throw TextInputError.badVectors(
                    path: path, detail: "rows have \(dimension) components, but the model makes \(expected)-dimensional vectors (shape \(rows) × \(dimension))")
            }
            try refuseNonFinite()
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    private var itemBytes: Int { isHalf ? 2 : 4 }

    public func makeCursor() throws -> any VectorCursor { Cursor(file: self) }

    private struct Cursor: VectorCursor {
        let file: NumpyMatrixFile
        var row = 0

        mutating func next(maxRows: Int) throws -> [Float] {
            let count = min(max(1, maxRows), file.rows - row)
            guard count > 0 else { return [] }
            defer { row += count }
            return try file.block(from: row, count: count)
        }

        mutating func nextHalves(maxRows: Int) throws -> [UInt16]? {
            guard file.isHalf else { return nil }
            let count = min(max(1, maxRows), file.rows - row)
            guard count > 0 else { return [] }
            defer { row += count }
            return try file.rawBlock(from: row, count: count).withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        }
    }

    /// Refuses a row holding NaN or infinity, naming the first. A float16 file is checked on
    /// its bits (an all-ones exponent), without widening a block to floats.
    private func refuseNonFinite() throws {
        func refuse(row: Int, component: Int, value: Float) -> TextInputError {
            .badVectors(path: path, detail: "row \(row) (0-based) holds \(value) at component \(component); every component must be finite")
        }
        guard isHalf else {
            return try forEachBlock(blockRows: 4096) { first, values in
                if let bad = Self.firstNonFinite(values, firstRow: first, dimension: dimension) {
                    throw refuse(row: bad.row, component: bad.component, value: values[(bad.row - first) * dimension + bad.component])
                }
            }
        }
        var first = 0
        while first < rows {
            let count = min(4096, rows - first)
            let raw = try rawBlock(from: first, count: count)
            let bad = raw.withUnsafeBytes { HalfFinite.firstNonFinite($0.bindMemory(to: UInt16.self)) }
            if let bad {
                let half = raw.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bad * 2, as: UInt16.self) }
                throw refuse(row: first + bad / dimension, component: bad % dimension, value: HalfKernels.decode([half])[0])
            }
            first += count
        }
    }

    /// Rows `first ..< first + count` as row-major floats.
    func block(from first: Int, count: Int) throws -> [Float] {
        let raw = try rawBlock(from: first, count: count)
        return raw.withUnsafeBytes { bytes in
            if isHalf { return HalfKernels.decode(Array(bytes.bindMemory(to: UInt16.self))) }
            // Little-endian on every platform Semblance runs on (x86-64, arm64).
            return Array(bytes.bindMemory(to: Float.self))
        }
    }

    /// Rows `first ..< first + count` as row-major little-endian components, as stored.
    private func rawBlock(from first: Int, count: Int) throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: count * dimension * itemBytes)
        try raw.withUnsafeMutableBytes { bytes in
            if isFortranOrder {
                // Column c of the block is `count` consecutive items at c × rows + first.
                var column = [UInt8](repeating: 0, count: count * itemBytes)
                for c in 0 ..< dimension {
                    try column.withUnsafeMutableBytes { part in
                        try readFully(into: part, at: dataOffset + (c * rows + first) * itemBytes)
                    }
                    column.withUnsafeBytes { part in
                        for r in 0 ..< count {
                            let to = (r * dimension + c) * itemBytes, from = r * itemBytes
                            for b in 0 ..< itemBytes { bytes[to + b] = part[from + b] }
                        }
                    }
                }
            } else {
                try readFully(into: bytes, at: dataOffset + first * dimension * itemBytes)
            }
        }
        return raw
    }

    /// The rows at `indices`, each read on its own (a seek per row, or per component in Fortran order).
    public func rows(at indices: [Int]) throws -> [[Float]] {
        try indices.map { index in
            guard index >= 0, index < rows else { throw TextInputError.badVectors(path: path, detail: "has no row \(index)") }
            return try block(from: index, count: 1)
        }
    }

    /// Fills `buffer` from `offset`; a short read means the file shrank since it was checked.
    private func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else {
                throw got < 0 ? TextInputError.unreadable(path: path, reason: String(cString: strerror(errno)))
                    : TextInputError.badVectors(path: path, detail: "ended early: it changed while it was read")
            }
            done += got
        }
    }
}
