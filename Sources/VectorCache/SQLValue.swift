/// A value SQLite stores: what a parameter binds and a column reads.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The value as an `Int`, when it is an integer.
    public var int: Int? {
        if case let .integer(value) = self { Int(exactly: value) } else { nil }
    }

    /// The value as a `String`, when it is text.
    public var string: String? {
        if case let .text(value) = self { value } else { nil }
    }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
}
