/// Reads CSV (RFC 4180) and TSV: one record per row, the text from one column, chosen by
/// header name or 1-based number, and optionally an id from another.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; records are numbered
/// by the line they start on. As Python's `csv` module does by default, text after a
/// closing quote is kept, and a quote left open at the end of the file runs to the end.
public struct DelimitedReader: Sendable {
    /// A column, by its header name or its 1-based number.
    public enum Column: Sendable, Equatable, CustomStringConvertible {
        case name(String)
        case number(Int)

        /// A number when `text` is all digits (`"2"` is column 2), else a header name.
        public init(parsing text: String) {
            if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let number = Int(text) {
                self = .number(number)
            } else {
                self = .name(text)
            }
        }

        public var description: String {
            switch self {
            case let .name(name): name
            case let .number(number): "column \(number)"
            }
        }
    }

    /// The field separator byte: `,` for CSV, tab for TSV.
    public var delimiter: UInt8
    public var textColumn: Column
    public var idColumn: Column?
    /// Whether the first row names the columns (then it is never a record).
    public var hasHeader: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), textColumn: Column = .name("text"), idColumn: Column? = nil,
                hasHeader: Bool = true) {
        self.delimiter = delimiter
        self.textColumn = textColumn
        self.idColumn = idColumn
        self.hasHeader = hasHeader
    }

    /// Tab for a `.tsv` path, comma otherwise.
    public static func delimiter(forPath path: String) -> UInt8 {
        path.lowercased().hasSuffix(".tsv") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// Every record with a non-blank text, in file order.
    public func records(in source: InputSource) throws -> [TextRecord] {
        var records: [TextRecord] = []
        try forEachRecord(in: source) { records.append($0) }
        return records
    }

    /// Calls `body` with each record whose text is not blank, in file order.
    /// Throws `TextInputError` naming the file and line for a missing column or invalid UTF-8.
    public func forEachRecord(in source: InputSource, _ body: (TextRecord) throws -> Void) throws {
        var textIndex: Int?
        var idIndex: Int?
        var sawHeader = false
        try forEachRow(in: source) { line, fields in
            if hasHeader && !sawHeader {
                sawHeader = true
                let names = fields.map { $0.trimmingASCIIWhitespace() }
                textIndex = try resolve(textColumn, header: names, source: source.name, line: line)
                idIndex = try idColumn.map { try resolve($0, header: names, source: source.name, line: line) }
                return
            }
            let textAt = try textIndex ?? resolve(textColumn, header: nil, source: source.name, line: line)
            guard textAt < fields.count else {
                throw TextInputError.missingField(source: source.name, line: line, field: textColumn.description)
            }
            let text = fields[textAt]
            if text.allSatisfy(\.isWhitespace) { return }
            var id: String?
            if let idColumn {
                let idAt = try idIndex ?? resolve(idColumn, header: nil, source: source.name, line: line)
                guard idAt < fields.count else {
                    throw TextInputError.missingField(source: source.name, line: line, field: idColumn.description)
                }
                id = fields[idAt]
            }
            try body(TextRecord(line: line, text: text, id: id))
        }
    }

    /// The 0-based index of `column`; by name only when there is a header.
    private func resolve(_ column: Column, header: [String]?, source: String, line: Int) throws -> Int {
        switch column {
        case let .number(number):
            guard number >= 1, header.map({ number <= $0.count }) ?? true else {
                throw TextInputError.missingField(source: source, line: line, field: column.description)
            }
            return number - 1
        case let .name(name):
            guard let header, let index = header.firstIndex(of: name) else {
                throw TextInputError.missingField(source: source, line: line, field: name)
            }
            return index
        }
    }

    /// Splits the source into rows of fields, calling `body` with each row's first line number.
    /// Blank lines are skipped; a header row is passed on like any other.
    public func forEachRow(in source: InputSource, _ body: (Int, [String]) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let delimiter = self.delimiter
        try source.data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            // (InputSource has dropped a leading byte order mark, so it is not part of the first header name.)
            var position = 0
            var line = 1
            var field: [UInt8] = []
            while position < bytes.count {
                let rowLine = line
                var fields: [String] = []
                var rowEnded = false
                while !rowEnded {
                    field.removeAll(keepingCapacity: true)
                    if position < bytes.count && bytes[position] == quote {
                        position += 1
                        while position < bytes.count {
                            let byte = bytes[position]
                            if byte == quote {
                                if position + 1 < bytes.count && bytes[position + 1] == quote {
                                    field.append(quote)
                                    position += 2
                                    continue
                                }
                                position += 1
                                break
                            }
                            if byte == newline { line += 1 }
                            field.append(byte)
                            position += 1
                        }
                    }
                    while position < bytes.count && bytes[position] != delimiter && bytes[position] != newline {
                        field.append(bytes[position])
                        position += 1
                    }
                    if position < bytes.count && bytes[position] == delimiter {
                        position += 1
                    } else {
                        if position < bytes.count { position += 1 }  // the newline
                        line += 1
                        rowEnded = true
                        if field.last == carriageReturn { field.removeLast() }
                    }
                    guard let text = String(validating: field, as: UTF8.self) else {
                        throw TextInputError.invalidUTF8(source: source.name, line: rowLine)
                    }
                    fields.append(text)
                }
                if fields.count == 1 && fields[0].isEmpty { continue }
                try body(rowLine, fields)
            }
        }
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
