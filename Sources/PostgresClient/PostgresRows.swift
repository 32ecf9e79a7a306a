import CLibPQ

/// The rows of one query, in binary format, read by row and column.
public final class PostgresRows {
    private let result: OpaquePointer
    private let server: String
    public let count: Int

    init(result: OpaquePointer, server: String) {
        self.result = result
        self.server = server
        count = Int(PQntuples(result))
    }

    deinit { PQclear(result) }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) != 0
    }

    /// The raw bytes of a field (nil for NULL) — a bytea as stored, without a copy.
    public func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T? {
        guard row >= 0, row < count, column >= 0, column < Int(PQnfields(result)), !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return try body(UnsafeRawBufferPointer(start: value, count: Int(PQgetlength(result, Int32(row), Int32(column)))))
    }

    public func bytes(_ row: Int, _ column: Int) -> [UInt8]? { withBytes(row, column) { Array($0) } }

    public func text(_ row: Int, _ column: Int) -> String? {
        withBytes(row, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// An integer column (int2, int4, int8 or bool, big-endian in binary); nil for NULL or another type.
    public func integer(_ row: Int, _ column: Int) -> Int64? {
        withBytes(row, column) { bytes -> Int64? in
            guard [1, 2, 4, 8].contains(bytes.count) else { return nil }
            let unsigned = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            // Sign-extend from the field's width.
            let shift = UInt64(64 - bytes.count * 8)
            return bytes.count == 1 ? Int64(unsigned) : Int64(bitPattern: unsigned << shift) >> Int64(shift)
        } ?? nil
    }

    public func int(_ row: Int, _ column: Int) -> Int { Int(integer(row, column) ?? 0) }

    public func boolean(_ row: Int, _ column: Int) -> Bool? { integer(row, column).map { $0 != 0 } }
}
