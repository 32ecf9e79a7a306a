extension DisplayWidth {
    /// `text` with spaces added to fill `width` terminal columns (never cut): on the right
    /// for a left-aligned column, on the left for a right-aligned one. Measured in columns,
    /// not Characters or UTF-16 units, so wide CJK, emoji and combining accents line up.
    public static func padded(_ text: String, toWidth width: Int, alignRight: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return alignRight ? fill + text : text + fill
    }
}
