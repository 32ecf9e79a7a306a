/// What counts as text worth encoding, pinning or remembering.
public enum InputText {
    /// True for the empty string and for text of only whitespace (spaces, tabs, newlines,
    /// no-break and ideographic spaces…) or invisible format characters (zero-width space,
    /// joiners, BOM): such input has no words to explain and would pin as a blank label.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint }
    }
}
