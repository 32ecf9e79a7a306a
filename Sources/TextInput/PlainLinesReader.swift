/// Reads one text per line.
public enum PlainLinesReader {
    /// Every line is a text; with `skipEmpty`, lines holding only whitespace are left out.
    public static func records(in source: InputSource, skipEmpty: Bool = false) throws -> [TextRecord] {
        var records: [TextRecord] = []
        try source.lines.forEach { line, text in
            if skipEmpty && text.allSatisfy(\.isWhitespace) { return }
            records.append(TextRecord(line: line, text: text))
        }
        return records
    }
}
