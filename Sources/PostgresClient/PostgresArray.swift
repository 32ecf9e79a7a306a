/// Array parameters in PostgreSQL's text form (`{"a","b",NULL}`), so a batch of rows goes to
/// the server as one statement (`unnest($1::text[], …)`) instead of one round trip per row.
public enum PostgresArray {
    /// A `text[]` literal: every element quoted, `"` and `\` escaped, nil as NULL.
    public static func text(_ elements: [String?]) -> PostgresValue {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            guard let element else { literal += "NULL"; continue }
            literal += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return .text(literal + "}")
    }

    /// A `bigint[]` literal.
    public static func integers(_ elements: [Int64]) -> PostgresValue {
        .text("{" + elements.map(String.init).joined(separator: ",") + "}")
    }
}
