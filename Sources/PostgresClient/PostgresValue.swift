/// A parameter of a query. Bytes go to the server in binary (no hex or escaping); text and
/// integers go as text and the server casts them to the column's type.
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)
    case bytes([UInt8])
    case boolean(Bool)
}
