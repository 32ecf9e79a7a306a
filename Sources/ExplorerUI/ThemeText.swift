/// Theme names, file names and lines quoted in messages end up on the terminal: their control
/// characters are shown, never sent (an ESC in a theme file must not repaint the screen).
public enum ThemeText {
    /// `text` with each control character made visible: C0 and DEL as their control pictures
    /// (ESC as ␛), C1 as `\u{85}`.
    public static func visible(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
            case 0x7F:
                out.append("\u{2421}")
            case 0x80..<0xA0:
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `text` holds a control character (C0, DEL or C1).
    public static func hasControlCharacters(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
    }
}
