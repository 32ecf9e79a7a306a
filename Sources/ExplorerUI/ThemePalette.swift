/// How many colours the terminal can show.
public enum ColourDepth: String, CaseIterable, Hashable, Sendable {
    case monochrome
    /// The 8 basic ANSI colours only (TERM=xterm, linux): no bright variants.
    case ansi8 = "8"
    case ansi16 = "16"
    case palette256 = "256"
    case truecolor

    /// The depth to use: `NO_COLOR` (set and not empty) forces monochrome; otherwise from the
    /// number of colours the terminal reports.
    public static func detect(colours: Int, noColor: String?) -> ColourDepth {
        if noColourRequested(noColor) { return .monochrome }
        switch colours {
        case 0x1000000...: return .truecolor
        case 256...: return .palette256
        case 16...: return .ansi16
        case 8...: return .ansi8
        default: return .monochrome
        }
    }

    /// Whether `NO_COLOR` asks for no colour: set and not empty (https://no-color.org).
    public static func noColourRequested(_ noColor: String?) -> Bool {
        guard let noColor else { return false }
        return !noColor.isEmpty
    }

    /// Why colours are off, for the status line (`NO_COLOR`, or the terminal type that has
    /// none); `nil` when the terminal shows colours.
    public static func noColourReason(colours: Int, noColor: String?, term: String?) -> String? {
        guard detect(colours: colours, noColor: noColor) == .monochrome else { return nil }
        if noColourRequested(noColor) { return "NO_COLOR" }
        let name = term.flatMap { $0.isEmpty ? nil : $0 } ?? "unset"
        return "TERM=\(ThemeText.visible(name))"
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
///
/// Whatever the theme and depth, what is drawn stays visible (judged with xterm's standard
/// palette): a foreground under `minimumContrast` against its background is replaced by the
/// theme's text or background colour (else black or white), and a selection colour that does
/// not stand out from the background that much (e.g. the nearest of 8 colours *is* the
/// background) gives way to the text colour as the row's background, in bold.
public struct ThemePalette: Hashable, Sendable {
    /// WCAG 2's least contrast for large text and interface parts.
    public static let minimumContrast = 3.0

    public let theme: Theme
    public let depth: ColourDepth
    private let attributeTheme: Theme
    private let selectionStandsOut: Bool

    public init(theme: Theme, depth: ColourDepth, monochrome: Theme = BuiltInThemes.monochrome) {
        self.theme = theme
        self.depth = depth
        self.attributeTheme = theme.isMonochrome ? theme : monochrome
        let selection = Self.convert(theme.entry(.selection).colour, depth: depth)
        let background = Self.convert(theme.entry(.background).colour, depth: depth)
        if theme.entry(.selection).attributes.contains(.reverse) {
            selectionStandsOut = true  // reverse video marks the row whatever its colours
        } else if let s = Self.rgb(of: selection), let b = Self.rgb(of: background) {
            selectionStandsOut = ColourConversion.contrast(s, b) >= Self.minimumContrast
        } else {
            selectionStandsOut = selection != background
        }
    }

    public var isMonochrome: Bool { depth == .monochrome || theme.isMonochrome }

    public func resolve(_ style: CellStyle) -> ResolvedStyle {
        if isMonochrome { return resolveMonochrome(style) }
        var background = colour(for: style.background)
        var foreground = colour(for: style.foreground)
        var attributes = style.attributes.union(slot(for: style.foreground).map { theme.entry($0).attributes } ?? [])
        if style.background == .selection {
            attributes.formUnion(theme.entry(.selection).attributes)
            if !selectionStandsOut {
                let text = convert(theme.entry(.text).colour), page = convert(theme.entry(.background).colour)
                if Self.rgb(of: text) != nil, Self.rgb(of: page) != nil {
                    // The selection colour is lost at this depth: the row takes the text colour.
                    background = text
                    if style.foreground == .text { foreground = page }
                    attributes.insert(.bold)
                } else {
                    attributes.insert(.reverse)
                }
            }
        }
        if case .heat = style.background, style.foreground == .text {
            // Text on a heat cell: whichever of text / background contrasts more.
            foreground = mostContrasting([convert(theme.entry(.text).colour), convert(theme.entry(.background).colour)],
                                         on: background) ?? foreground
        }
        foreground = readable(foreground, on: background)
        return ResolvedStyle(foreground: foreground, background: background, attributes: attributes)
    }

    /// `foreground`, or a stand-in when it would not reach `minimumContrast` on `background`.
    private func readable(_ foreground: TerminalColour, on background: TerminalColour) -> TerminalColour {
        guard let fg = Self.rgb(of: foreground), let bg = Self.rgb(of: background),
              ColourConversion.contrast(fg, bg) < Self.minimumContrast else { return foreground }
        let themed = [convert(theme.entry(.text).colour), convert(theme.entry(.background).colour)]
        if let best = mostContrasting(themed, on: background), let rgb = Self.rgb(of: best),
           ColourConversion.contrast(rgb, bg) >= Self.minimumContrast {
            return best
        }
        return mostContrasting(blackAndWhite, on: background) ?? foreground
    }

    /// The candidate with the highest contrast on `background` (`nil` if none can be judged).
    private func mostContrasting(_ candidates: [TerminalColour], on background: TerminalColour) -> TerminalColour? {
        guard let bg = Self.rgb(of: background) else { return nil }
        return candidates
            .compactMap { candidate in Self.rgb(of: candidate).map { (candidate, ColourConversion.contrast($0, bg)) } }
            .max { $0.1 < $1.1 }?.0
    }

    /// Pure black and the brightest white this depth can show.
    private var blackAndWhite: [TerminalColour] {
        switch depth {
        case .truecolor: [.rgb(0, 0, 0), .rgb(255, 255, 255)]
        case .palette256: [.index(16), .index(231)]
        case .ansi16: [.index(0), .index(15)]
        case .ansi8, .monochrome: [.index(0), .index(7)]
        }
    }

    private func resolveMonochrome(_ style: CellStyle) -> ResolvedStyle {
        let foreground = slot(for: style.foreground).map { attributeTheme.entry($0).attributes } ?? []
        var background: CellAttributes
        switch style.background {
        case .selection: background = attributeTheme.entry(.selection).attributes
        case .heat(let level): background = attributeTheme.entry(heatSlot(level)).attributes
        default: background = []
        }
        if case .heat = style.foreground, background.contains(.reverse) {
            // A reversed bar reads as its complement: the bar keeps its own look in the selected row.
            background.remove(.reverse)
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

    /// Whether the heat scale is blended: only between 24-bit colours, on terminals that show
    /// more than the ANSI colours (a theme written in ANSI colours keeps to them).
    private var blendsHeat: Bool {
        guard depth == .truecolor || depth == .palette256 else { return false }
        return [ThemeSlot.heatLow, .heatMid, .heatHigh, .negative].allSatisfy {
            if case .rgb = theme.entry($0).colour { true } else { false }
        }
    }

    /// A heat level's colour: low → mid → high for positive levels, low → negative below 0.
    private func heatColour(_ role: ColourRole) -> ThemeColour {
        guard case .heat(let level) = role else { return .terminalDefault }
        guard blendsHeat else { return theme.entry(heatSlot(level)).colour }
        let steps = Double(HeatLevel.steps)
        let t = min(1, max(-1, Double(level) / steps))
        let low = theme.entry(.heatLow).colour, mid = theme.entry(.heatMid).colour
        let high = theme.entry(.heatHigh).colour, negative = theme.entry(.negative).colour
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

    /// What xterm's standard palette shows for a terminal colour (`nil`: the terminal's default).
    static func rgb(of colour: TerminalColour) -> (UInt8, UInt8, UInt8)? {
        switch colour {
        case .terminalDefault: nil
        case .index(let n): ColourConversion.rgb(ofIndex: n)
        case let .rgb(r, g, b): (r, g, b)
        }
    }

    /// A theme colour in the terminal's depth.
    public func convert(_ colour: ThemeColour) -> TerminalColour {
        Self.convert(colour, depth: depth)
    }

    static func convert(_ colour: ThemeColour, depth: ColourDepth) -> TerminalColour {
        switch (colour, depth) {
        case (_, .monochrome), (.terminalDefault, _): return .terminalDefault
        case (.ansi(let n), .truecolor):
            let c = ColourConversion.ansiRGB[Int(n % 16)]
            return .rgb(c.0, c.1, c.2)
        case (.ansi(let n), .ansi8): return .index(n % 8)  // a bright colour becomes its base colour
        case (.ansi(let n), _): return .index(n % 16)
        case (.indexed(let n), .truecolor):
            let c = ColourConversion.rgb(ofIndex: n)
            return .rgb(c.0, c.1, c.2)
        case (.indexed(let n), .ansi16):
            if n < 16 { return .index(n) }
            let c = ColourConversion.rgb(ofIndex: n)
            return .index(ColourConversion.index16(c.0, c.1, c.2))
        case (.indexed(let n), .ansi8):
            if n < 16 { return .index(n % 8) }
            let c = ColourConversion.rgb(ofIndex: n)
            return .index(ColourConversion.index8(c.0, c.1, c.2))
        case (.indexed(let n), .palette256): return .index(n)
        case let (.rgb(r, g, b), .truecolor): return .rgb(r, g, b)
        case let (.rgb(r, g, b), .palette256): return .index(ColourConversion.index256(r, g, b))
        case let (.rgb(r, g, b), .ansi16): return .index(ColourConversion.index16(r, g, b))
        case let (.rgb(r, g, b), .ansi8): return .index(ColourConversion.index8(r, g, b))
        }
    }
}
