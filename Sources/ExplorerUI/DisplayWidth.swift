/// Terminal column widths of characters (a pure-Swift `wcwidth` for grapheme clusters).
///
/// Wide: East Asian Wide/Fullwidth blocks and emoji presentation (2 columns). Zero: combining
/// marks, format characters and variation selectors when they follow a base. Control
/// characters have no width of their own; `ScreenGrid` replaces them before drawing.
public enum DisplayWidth {
    /// Columns one grapheme cluster occupies: 0, 1 or 2. Spacing scalars add up (a
    /// terminal advances for each, e.g. a halfwidth kana and its voiced mark), capped at 2
    /// for emoji sequences that terminals draw as one glyph.
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F, width == 1 {
                width = 2  // VS16 asks for emoji presentation
            } else {
                width += of(scalar)
            }
        }
        return min(2, width)
    }

    /// Columns a whole string occupies.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Columns one scalar occupies on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || (0xFE00...0xFE0F).contains(value)
            || value == 0x200B {
            return 0
        }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, main blocks); emoji are found by
    /// their emoji-presentation property instead.
    private static func isWide(_ value: UInt32) -> Bool {
        for range in wideRanges where range.contains(value) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x18AFF, 0x1B000...0x1B2FF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
