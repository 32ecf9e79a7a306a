/// The input read as edits: one byte picks the edit, one the row, then its value.
struct FuzzEdits: Sequence, IteratorProtocol {
    enum Edit {
        /// `UPDATE table SET column = value WHERE rowid = row` (nth row of the table).
        case set(table: String, column: String, row: Int, value: SQLValue)
        case deleteRow(table: String, row: Int)
        /// Overwrite one byte of the database file.
        case patch(offset: Int, byte: UInt8)
    }

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// Every column the cache's queries read, with the kind of value to write into it.
    private static let columns: [(table: String, column: String)] = [
        ("items", "position"), ("items", "vector"), ("items", "text"), ("items", "text_hash"), ("items", "corpus"),
        ("items", "external_id"), ("vectors", "vector"), ("vectors", "model"), ("vectors", "precision"),
        ("vectors", "text_hash"), ("models", "dimension"), ("models", "fingerprint"), ("models", "details"),
        ("corpora", "item_count"), ("corpora", "complete"), ("corpora", "precision"), ("corpora", "model"),
        ("corpora", "sources"), ("corpora", "name"),
    ]

    mutating func next() -> Edit? {
        guard let kind = take(1)?.first, let row = take(1)?.first.map(Int.init) else { return nil }
        let selector = Int(kind) % (Self.columns.count + 2)
        if selector == Self.columns.count {
            return .deleteRow(table: ["items", "vectors", "models", "corpora"][row % 4], row: row / 4)
        }
        if selector == Self.columns.count + 1 {
            guard let offset = take(2), let byte = take(1)?.first else { return nil }
            return .patch(offset: Int(offset[offset.startIndex]) << 8 | Int(offset[offset.startIndex + 1]), byte: byte)
        }
        let (table, column) = Self.columns[selector]
        guard let value = takeValue(kind: kind) else { return nil }
        return .set(table: table, column: column, row: row, value: value)
    }

    /// The high bits of the edit byte choose the value's type: integer, text, blob or null.
    private mutating func takeValue(kind: UInt8) -> SQLValue? {
        switch kind >> 6 {
        case 0:
            guard let raw = take(8) else { return nil }
            return .integer(raw.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) })
        case 1, 2:
            guard let length = take(1)?.first, let raw = take(Int(length)) else { return nil }
            return kind >> 6 == 1 ? .text(String(decoding: raw, as: UTF8.self)) : .blob(Array(raw))
        default:
            return .null
        }
    }

    private mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard bytes.count >= count else { return nil }
        defer { bytes = bytes.dropFirst(count) }
        return bytes.prefix(count)
    }
}
