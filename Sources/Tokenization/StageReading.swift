import StrictJSON

/// Shared helpers for reading one pipeline stage section of tokenizer.json.
extension JSONDocument {
    /// The `type` of a stage section at `field`, which must be an object with a string `type`.
    func stageType(_ value: JSONValue, field: String) throws(TokenizationError) -> String {
        guard try object(value, field: field) != nil else {
            throw .invalidField(file: file, field: field, reason: "must be an object, not \(value.kindName)")
        }
        guard let type = try string(value["type"], field: field + ".type") else {
            throw .missingField(file: file, field: field + ".type")
        }
        return type
    }

    /// The error for a stage type this tokenizer does not implement.
    func unsupportedType(_ type: String, field: String, expected: [String]) -> TokenizationError {
        .unsupported(file: file, field: field + ".type", value: TokenizationError.quote(type),
                     expected: expected.joined(separator: ", "))
    }

    /// A required array of stage sections (a `Sequence`'s members).
    func members(_ value: JSONValue?, field: String) throws(TokenizationError) -> [JSONValue] {
        guard let elements = try array(value, field: field) else { throw .missingField(file: file, field: field) }
        return elements
    }

    /// A number (integer or not); absent or null → nil.
    func double(_ value: JSONValue?, field: String) throws(TokenizationError) -> Double? {
        guard let value, !value.isNull else { return nil }
        guard case let .number(number) = value, number.double.isFinite else {
            throw .invalidField(file: file, field: field, reason: "must be a finite number, not \(value.kindName)")
        }
        return number.double
    }

    /// A string of exactly one Unicode scalar (Metaspace's `replacement`).
    func scalar(_ value: JSONValue?, field: String) throws(TokenizationError) -> Unicode.Scalar? {
        guard let string = try string(value, field: field) else { return nil }
        let scalars = string.unicodeScalars
        guard scalars.count == 1, let only = scalars.first else {
            throw .invalidField(file: file, field: field, reason: "must be a single character")
        }
        return only
    }
}
