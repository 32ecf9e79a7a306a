import TextOutput

/// Theme names, file names and lines quoted in messages end up on the terminal: their control
/// characters are shown, never sent (an ESC in a theme file must not repaint the screen).
public enum ThemeText {
    /// `text` with each control character made visible, as every human-readable output
    /// shows them (`TerminalText`: ESC as ␛, C1 and bidi controls as ⟨U+XXXX⟩).
    public static func visible(_ text: some StringProtocol) -> String {
        TerminalText.visible(String(text))
    }

    /// Whether `text` holds a control character (C0, DEL or C1).
    public static func hasControlCharacters(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
    }
}
