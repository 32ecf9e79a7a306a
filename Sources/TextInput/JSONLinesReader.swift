import Foundation

/// Reads JSON Lines: each line is a JSON string, or an object whose `textField` holds the text.
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
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw TextInputError.malformedJSON(source: source, line: line, reason: Self.reason(error))
        }
        if let string = value as? String { return TextRecord(line: line, text: string) }
        guard let object = value as? [String: Any] else {
            throw TextInputError.malformedJSON(source: source, line: line, reason: "expected a string or an object")
        }
        guard let field = object[textField] else {
            throw TextInputError.missingField(source: source, line: line, field: textField)
        }
        guard let string = field as? String else {
            throw TextInputError.fieldNotText(source: source, line: line, field: textField)
        }
        var id: String?
        if let idField {
            switch object[idField] {
            case nil, is NSNull:
                throw TextInputError.missingField(source: source, line: line, field: idField)
            case let value as String: id = value
            case let value as NSNumber: id = value.stringValue
            default: throw TextInputError.fieldNotText(source: source, line: line, field: idField)
            }
        }
        return TextRecord(line: line, text: string, id: id)
    }

    private static func reason(_ error: Error) -> String {
        let message = (error as NSError).localizedDescription
        return message.isEmpty ? "unparseable" : message
    }
}
