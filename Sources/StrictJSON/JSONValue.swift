/// A parsed JSON value.
///
/// Objects keep every member in file order with its key exactly as written: Foundation's
/// decoders key objects by `String`, whose `==` is canonical equivalence, so two vocabulary
/// entries that differ only in Unicode normalization ("é" and "e\u{301}") would silently
/// collapse into one. Numbers keep the text they were written as (`1.50`, `1e3`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The last member named `key` (later duplicates win, as in serde_json maps), if this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last(where: { $0.key.utf8.elementsEqual(key.utf8) })?.value
    }

    /// The value when it is a string.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The value when it is a boolean.
    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The value when it is an integer that fits `Int` (a float with no fraction counts).
    public var integerValue: Int? {
        guard case let .number(number) = self else { return nil }
        return number.integerValue
    }

    /// True for JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    public let value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON number: the text as written, and its value.
public struct JSONNumber: Sendable, Equatable {
    /// Exactly as in the document, e.g. `-0`, `1.50`, `2E+3`.
    public let text: String
    /// The value when the text is an integer (no fraction or exponent) that fits Int64.
    public let integer: Int64?
    /// The nearest Double (±infinity beyond its range).
    public let double: Double

    /// Nil when `text` is not a number Swift can read (the parser has checked the grammar).
    init?(text: String, isInteger: Bool) {
        guard let double = Double(text) else { return nil }
        self.text = text
        self.integer = isInteger ? Int64(text) : nil
        self.double = double
    }

    /// An integer that fits `Int` (a float with no fraction counts).
    public var integerValue: Int? {
        if let integer { return Int(exactly: integer) }
        return Int(exactly: double)
    }
}
