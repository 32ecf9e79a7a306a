/// Text made safe to print to a terminal: characters that a terminal would act on instead
/// of showing are replaced by visible stand-ins, so a corpus text, file name or id can
/// neither move the cursor, recolour, retitle or clear the screen, nor reorder what follows.
///
/// The rendering (documented in the README):
/// - C0 controls U+0000–U+001F → their Unicode control pictures U+2400–U+241F (ESC → `␛`,
///   tab → `␉`, line feed → `␊`, NUL → `␀`), DEL U+007F → `␡`;
/// - C1 controls U+0080–U+009F, bidirectional embeddings, overrides and isolates
///   (U+202A–U+202E, U+2066–U+2069), the line and paragraph separators U+2028/U+2029 →
///   `⟨U+XXXX⟩`.
/// Everything else is kept. Machine-readable output (JSON, CSV, npy) never goes through this:
/// it stays byte-exact.
public enum TerminalText {
    /// `text` with every control, bidi and separator character made visible.
    /// With `keepingLineBreaks`, `\n` stays a line break (multi-line messages such as usage).
    public static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsStandIn($0) && !(keepingLineBreaks && $0 == "\n") }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepingLineBreaks && scalar == "\n" || !needsStandIn(scalar) {
                out.append(scalar)
            } else {
                out.append(contentsOf: standIn(for: scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    /// `text` in double quotes for a one-line message: made visible, and cut after `limit`
    /// characters with "…" (an error that names a text need not carry all of it).
    public static func quotedExcerpt(_ text: String, limit: Int = 40) -> String {
        let excerpt = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "\"" + visible(excerpt) + "\""
    }

    /// Whether the terminal would act on `scalar` rather than show it.
    public static func needsStandIn(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    /// What is printed in place of `scalar` (only called for those that need a stand-in).
    static func standIn(for scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00...0x1F: String(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
        case 0x7F: "\u{2421}"
        default: "⟨U+" + hex4(scalar.value) + "⟩"
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
