/// How many colours the terminal can show.
public enum ColourDepth: String, CaseIterable, Hashable, Sendable {
    case monochrome
    case ansi16 = "16"
    case palette256 = "256"
    case truecolor

    /// The depth to use: `NO_COLOR` (set and not empty) forces monochrome; otherwise from the
    /// number of colours the terminal reports.
    public static func detect(colours: Int, noColor: String?) -> ColourDepth {
        if let noColor, !noColor.isEmpty { return .monochrome }
        switch colours {
        case 0x1000000...: return .truecolor
        case 256...: return .palette256
        case 8...: return .ansi16
        default: return .monochrome
        }
    }
}

/// A colour a painter can hand to the terminal.
public enum TerminalColour: Hashable, Sendable {
    case terminalDefault
    /// A palette index (0–255).
    case index(UInt8)
    /// A direct colour (terminals with 2²⁴ colours).
    case rgb(UInt8, UInt8, UInt8)
}

/// A cell style made concrete for one terminal: two colours and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: TerminalColour
    public var background: TerminalColour
    public var attributes: CellAttributes

    public init(foreground: TerminalColour, background: TerminalColour, attributes: CellAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// Turns semantic cell styles into terminal colours for a theme and colour depth. In
/// monochrome (or with a colourless theme) only attributes remain: bold, dim, underline and
/// reverse, taken from the monochrome theme's slots.
public struct ThemePalette: Hashable, Sendable {
    public let theme: Theme
    public let depth: ColourDepth
    private let attributeTheme: Theme

    public init(theme: Theme, depth: ColourDepth, monochrome: Theme = BuiltInThemes.monochrome) {
        self.theme = theme
        self.depth = depth
        self.attributeTheme = theme.isMonochrome ? theme : monochrome
    }

    public var isMonochrome: Bool { depth == .monochrome || theme.isMonochrome }

    public func resolve(_ style: CellStyle) -> ResolvedStyle {
        if isMonochrome { return resolveMonochrome(style) }
        let background = colour(for: style.background)
        var foreground = colour(for: style.foreground)
        if case .heat = style.background, style.foreground == .text,
           let heat = rgb(of: heatColour(style.background)) {
            // Text on a heat background: whichever of text / background contrasts more.
            let dark = ColourConversion.luminance(heat) > 0.5
            let textRGB = rgb(of: theme.entry(.text).colour) ?? (dark ? (255, 255, 255) : (0, 0, 0))
            let textIsLight = ColourConversion.luminance(textRGB) > 0.5
            if textIsLight == dark {
                foreground = convert(theme.entry(.background).colour == .terminalDefault
                                     ? .rgb(dark ? 0 : 255, dark ? 0 : 255, dark ? 0 : 255)
                                     : theme.entry(.background).colour)
            }
        }
        var attributes = style.attributes.union(slot(for: style.foreground).map { theme.entry($0).attributes } ?? [])
        if style.background == .selection { attributes.formUnion(theme.entry(.selection).attributes) }
        return ResolvedStyle(foreground: foreground, background: background, attributes: attributes)
    }

    private func resolveMonochrome(_ style: CellStyle) -> ResolvedStyle {
        let foreground = slot(for: style.foreground).map { attributeTheme.entry($0).attributes } ?? []
        let background: CellAttributes
        switch style.background {
        case .selection: background = attributeTheme.entry(.selection).attributes
        case .heat(let level): background = attributeTheme.entry(heatSlot(level)).attributes
        default: background = []
        }
        var attributes = style.attributes.union(foreground).union(background)
        if style.attributes.contains(.reverse), background.contains(.reverse) {
            // Reverse on reverse would cancel out: mark the cell another way.
            attributes.remove(.reverse)
            attributes.formUnion([.underline, .bold])
        }
        return ResolvedStyle(foreground: .terminalDefault, background: .terminalDefault, attributes: attributes)
    }

    /// The slot whose attributes a foreground role carries.
    private func slot(for role: ColourRole) -> ThemeSlot? {
        switch role {
        case .text: .text
        case .muted: .muted
        case .accent: .accent
        case .border: .border
        case .error: .error
        case .background, .selection, .heat: nil
        }
    }

    /// The heat slot nearest a level (monochrome, and colours that cannot be mixed).
    private func heatSlot(_ level: Int8) -> ThemeSlot {
        switch level {
        case 6...: .heatHigh
        case 3...: .heatMid
        case ...(-3): .negative
        default: .heatLow
        }
    }

    private func colour(for role: ColourRole) -> TerminalColour {
        switch role {
        case .background: convert(theme.entry(.background).colour)
        case .text: convert(theme.entry(.text).colour)
        case .muted: convert(theme.entry(.muted).colour)
        case .accent: convert(theme.entry(.accent).colour)
        case .border: convert(theme.entry(.border).colour)
        case .selection: convert(theme.entry(.selection).colour)
        case .error: convert(theme.entry(.error).colour)
        case .heat: convert(heatColour(role))
        }
    }

    /// A heat level's colour: low → mid → high for positive levels, low → negative below 0.
    private func heatColour(_ role: ColourRole) -> ThemeColour {
        guard case .heat(let level) = role else { return .terminalDefault }
        let steps = Double(HeatLevel.steps)
        let t = min(1, max(-1, Double(level) / steps))
        let low = theme.entry(.heatLow).colour, mid = theme.entry(.heatMid).colour
        let high = theme.entry(.heatHigh).colour, negative = theme.entry(.negative).colour
        if depth == .ansi16 { return theme.entry(heatSlot(level)).colour }
        let mixed: (UInt8, UInt8, UInt8)?
        if t >= 0 {
            if t <= 0.5 {
                mixed = zip2(rgb(of: low), rgb(of: mid)).map { ColourConversion.mix($0.0, $0.1, t * 2) }
            } else {
                mixed = zip2(rgb(of: mid), rgb(of: high)).map { ColourConversion.mix($0.0, $0.1, t * 2 - 1) }
            }
        } else {
            mixed = zip2(rgb(of: low), rgb(of: negative)).map { ColourConversion.mix($0.0, $0.1, -t) }
        }
        if let mixed { return .rgb(mixed.0, mixed.1, mixed.2) }
        return theme.entry(heatSlot(level)).colour
    }

    private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    private func rgb(of colour: ThemeColour) -> (UInt8, UInt8, UInt8)? {
        switch colour {
        case .terminalDefault: nil
        case .ansi(let n): ColourConversion.ansiRGB[Int(n % 16)]
        case .indexed(let n): ColourConversion.rgb(ofIndex: n)
        case let .rgb(r, g, b): (r, g, b)
        }
    }

    /// A theme colour in the terminal's depth.
    public func convert(_ colour: ThemeColour) -> TerminalColour {
        switch (colour, depth) {
        case (_, .monochrome), (.terminalDefault, _): return .terminalDefault
        case (.ansi(let n), .truecolor):
            let c = ColourConversion.ansiRGB[Int(n % 16)]
            return .rgb(c.0, c.1, c.2)
        case (.ansi(let n), _): return .index(n % 16)
        case (.indexed(let n), .truecolor):
            let c = ColourConversion.rgb(ofIndex: n)
            return .rgb(c.0, c.1, c.2)
        case (.indexed(let n), .ansi16):
            if n < 16 { return .index(n) }
            let c = ColourConversion.rgb(ofIndex: n)
            return .index(ColourConversion.index16(c.0, c.1, c.2))
        case (.indexed(let n), _): return .index(n)
        case let (.rgb(r, g, b), .truecolor): return .rgb(r, g, b)
        case let (.rgb(r, g, b), .palette256): return .index(ColourConversion.index256(r, g, b))
        case let (.rgb(r, g, b), .ansi16): return .index(ColourConversion.index16(r, g, b))
        }
    }
}
