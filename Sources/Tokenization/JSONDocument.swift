import Foundation
import StrictJSON

/// A parsed JSON file plus typed field access whose errors name the file and the field path.
struct JSONDocument {
    /// The file name used in error messages, e.g. "tokenizer.json".
    let file: String
    let root: JSONValue

    /// Reads and parses `url`; a missing, unreadable or malformed file is a `TokenizationError`.
    static func read(_ url: URL, recordRead: (URL, [UInt8]) -> Void) throws(TokenizationError) -> JSONDocument {
        let bytes = try TokenizerFile.readBytes(url)
        recordRead(url, bytes)
        do {
            return JSONDocument(file: url.lastPathComponent, root: try JSONParser.parse(bytes))
        } catch {
            throw .malformedJSON(file: url.lastPathComponent, line: error.line, reason: error.reason)
        }
    }

    /// `value` as an object's members; absent → nil.
    func object(_ value: JSONValue?, field: String) throws(TokenizationError) -> [JSONMember]? {
        guard let value else { return nil }
        guard case let .object(members) = value else { throw mistyped(value, field: field, expected: "an object") }
        return members
    }

    /// `value` as an array; absent or null → nil.
    func array(_ value: JSONValue?, field: String) throws(TokenizationError) -> [JSONValue]? {
        guard let value, !value.isNull else { return nil }
        guard case let .array(elements) = value else { throw mistyped(value, field: field, expected: "an array") }
        return elements
    }

    /// `value` as a string; absent or null → nil.
    func string(_ value: JSONValue?, field: String) throws(TokenizationError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let string = value.stringValue else { throw mistyped(value, field: field, expected: "a string") }
        return string
    }

    /// `value` as a boolean; absent or null → nil.
    func bool(_ value: JSONValue?, field: String) throws(TokenizationError) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw mistyped(value, field: field, expected: "true or false") }
        return bool
    }

    /// `value` as an integer within `range`; absent or null → nil.
    func integer(_ value: JSONValue?, field: String, in range: ClosedRange<Int>) throws(TokenizationError) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let integer = value.integerValue, range.contains(integer) else {
            throw .invalidField(file: file, field: field, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return integer
    }

    /// A token name written either as a string or as an AddedToken object with "content".
    func tokenContent(_ value: JSONValue?, field: String) throws(TokenizationError) -> String? {
        guard let value, !value.isNull else { return nil }
        if let string = value.stringValue { return string }
        guard case .object = value else { throw mistyped(value, field: field, expected: "a string or an object with \"content\"") }
        guard let content = try string(value["content"], field: field + ".content") else {
            throw .missingField(file: file, field: field + ".content")
        }
        return content
    }

    private func mistyped(_ value: JSONValue, field: String, expected: String) -> TokenizationError {
        .invalidField(file: file, field: field, reason: "must be \(expected), not \(value.kindName)")
    }
}
