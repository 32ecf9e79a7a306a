/// A parsed JSON value.
///
/// Objects keep every member in file order with its key exactly as written: Foundation's
/// decoders key objects by `String`, whose `==` is canonical equivalence, so two vocabulary
/// entries that differ only in Unicode normalization ("é" and "e\u{301}") would silently
/// collapse into one.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The last member named `key` (later duplicates win, as in serde_json maps), if this is an object.
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last(where: { $0.key.utf8.elementsEqual(key.utf8) })?.value
    }

    /// The value when it is a string.
    var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The value when it is a boolean.
    var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The value when it is an integer that fits `Int` (a float with no fraction counts).
    var integerValue: Int? {
        switch self {
        case let .integer(value): return Int(exactly: value)
        case let .number(value): return Int(exactly: value)
        default: return nil
        }
    }

    /// True for JSON `null`.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's kind, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a JSON object.
struct JSONMember: Sendable {
    let key: String
    let value: JSONValue
}
