/// Number and text formatting shared by the views.
public enum Format {
    /// A cosine or share with three decimals and a sign column: " 0.873", "-0.120".
    public static func score(_ value: Float) -> String {
        guard value.isFinite else { return "   nan" }
        let rounded = (Double(value) * 1000).rounded() / 1000
        let magnitude = abs(rounded)
        let whole = Int(magnitude)
        let fraction = Int(((magnitude - Double(whole)) * 1000).rounded())
        let digits = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return (rounded < 0 ? "-" : " ") + "\(whole).\(digits)"
    }

    /// Two decimals, for matrix cells: "0.87", "-0.12", "1.00".
    public static func short(_ value: Float) -> String {
        guard value.isFinite else { return "nan" }
        let hundredths = Int((Double(value) * 100).rounded())
        let magnitude = abs(hundredths)
        let text = "\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)"
        return hundredths < 0 ? "-" + text : text
    }

    /// A share with a sign: "+0.123", "-0.040".
    public static func signed(_ value: Float) -> String {
        let text = score(value)
        return text.hasPrefix(" ") ? "+" + text.dropFirst() : text
    }

    /// Milliseconds with one decimal below 100: "4.2 ms", "135 ms".
    public static func milliseconds(_ value: Double) -> String {
        guard value.isFinite, value >= 0 else { return "? ms" }
        if value >= 100 { return "\(Int(value.rounded())) ms" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) ms"
    }

    /// `text` cut to `width` columns, ending in "…" when cut.
    public static func fit(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// Breaks `text` into lines of at most `width` columns, at spaces when possible;
    /// explicit line breaks are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var piece = String(word)
                var pieceWidth = DisplayWidth.of(piece)
                if lineWidth > 0, lineWidth + 1 + pieceWidth <= width {
                    line += " " + piece
                    lineWidth += 1 + pieceWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while pieceWidth > width {
                    var head = ""
                    var headWidth = 0
                    var rest = Substring(piece)
                    while let first = rest.first, headWidth + DisplayWidth.of(first) <= width {
                        head.append(first)
                        headWidth += DisplayWidth.of(first)
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty, let first = rest.first {  // a wide character in a 1-column box
                        head.append(first)
                        rest = rest.dropFirst()
                    }
                    lines.append(head)
                    piece = String(rest)
                    pieceWidth = DisplayWidth.of(piece)
                }
                line = piece
                lineWidth = pieceWidth
            }
            lines.append(line)
        }
        return lines
    }
}
