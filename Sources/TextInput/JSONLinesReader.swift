import StrictJSON

/// Reads JSON Lines: each line is a JSON string, or an object whose `textField` holds the text.
///
/// Strings are read by a strict parser that keeps every character as written (U+FEFF,
/// `\u0000` and the rest: Foundation's JSONSerialization drops a U+FEFF inside a string) and
/// matches field names byte for byte (not by canonical equivalence).
///
/// An id may be a string, a number or a boolean; a number or boolean id keeps its JSON text
/// exactly as written (`7`, `1.50`, `true`), so two ids that are different in the file never
/// become one. `null`, an array or an object is not an id.
public struct JSONLinesReader: Sendable {
    public var textField: String
    public var idField: String?

    public init(textField: String = "text", idField: String? = nil) {
        self.textField = textField
        self.idField = idField
    }

    /// Blank lines are skipped; anything else that is not a string or an object with the
    /// field is an error naming the line.
    public func records(in source: InputSource) throws -> [TextRecord] {
        var records: [TextRecord] = []
        try source.lines.forEach { line, text in
            if text.allSatisfy(\.isWhitespace) { return }
            records.append(try record(text, line: line, source: source.name))
        }
        return records
    }

    func record(_ text: String, line: Int, source: String) throws -> TextRecord {
        let value: JSONValue
        do {
            // The source's one leading BOM is already gone; a BOM starting a line is not JSON.
            value = try JSONParser.parse(Array(text.utf8), allowingByteOrderMark: false)
        } catch {
            throw TextInputError.malformedJSON(source: source, line: line, reason: error.reason)
        }
        if let string = value.stringValue { return TextRecord(line: line, text: string) }
        guard case .object = value else {
            throw TextInputError.malformedJSON(source: source, line: line, reason: "expected a string or an object")
        }
        guard let field = value[textField] else {
            throw TextInputError.missingField(source: source, line: line, field: textField)
        }
        guard let string = field.stringValue else {
            throw TextInputError.fieldNotText(source: source, line: line, field: textField)
        }
        var id: String?
        if let idField {
            switch value[idField] {
            case nil, .null?:
                throw TextInputError.missingField(source: source, line: line, field: idField)
            case let .string(text)?: id = text
            case let .number(number)?: id = number.text
            case let .bool(flag)?: id = flag ? "true" : "false"
            case .array?, .object?:
                throw TextInputError.idNotScalar(source: source, line: line, field: idField)
            }
        }
        return TextRecord(line: line, text: string, id: id)
    }
}
