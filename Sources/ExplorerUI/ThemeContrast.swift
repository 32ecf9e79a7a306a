/// Where a theme, as written, falls under `ThemePalette.minimumContrast` (24-bit colours; ANSI
/// and indexed colours as xterm shows them; `default` cannot be judged). The explorer
/// replaces such colours when drawing; `semblance themes check` notes them so the author can.
public enum ThemeContrast {
    /// One `foreground on background` pair under 3:1.
    public struct Shortfall: Hashable, Sendable, CustomStringConvertible {
        public var foreground: ThemeSlot
        public var background: ThemeSlot
        public var ratio: Double

        public var description: String {
            let rounded = (ratio * 100).rounded(.down) / 100
            return "`\(foreground.rawValue)` on `\(background.rawValue)` is \(rounded):1, under 3:1 "
                + "(the explorer draws a stand-in there)"
        }
    }

    /// The pairs the views draw that fall short: every foreground slot and heat point on the
    /// background, the selection on the background, text on the selection.
    public static func shortfalls(of theme: Theme) -> [Shortfall] {
        var pairs: [(ThemeSlot, ThemeSlot)] = [ThemeSlot.text, .muted, .accent, .border, .error, .heatLow, .heatMid, .heatHigh]
            .map { ($0, .background) }
        pairs += [(.selection, .background), (.text, .selection)]
        return pairs.compactMap { foreground, background in
            guard let fg = rgb(theme.entry(foreground).colour), let bg = rgb(theme.entry(background).colour) else { return nil }
            let ratio = ColourConversion.contrast(fg, bg)
            return ratio < ThemePalette.minimumContrast ? Shortfall(foreground: foreground, background: background, ratio: ratio) : nil
        }
    }

    private static func rgb(_ colour: ThemeColour) -> (UInt8, UInt8, UInt8)? {
        switch colour {
        case .terminalDefault: nil
        case .ansi(let n): ColourConversion.ansiRGB[Int(n % 16)]
        case .indexed(let n): ColourConversion.rgb(ofIndex: n)
        case let .rgb(r, g, b): (r, g, b)
        }
    }
}
