import ExplorerUI
import Foundation
import Testing

/// Every built-in theme keeps text, bars and the selection visible at every colour depth:
/// each foreground stands at least 3:1 (WCAG 2 contrast) against the background it is drawn
/// on, and the selected row stands out from the others. Judged on the colours the painter
/// would send (after nearest-colour conversion and any stand-in), shown as xterm's standard
/// palette shows them; the palette and the contrast formula here are written out on their
/// own, not taken from the code under test.
@Suite struct ThemeContrastTests {
    // MARK: Reference values (xterm's defaults, and WCAG 2's definitions)

    /// xterm's default RGB for colours 0–15.
    static let xtermANSI: [(Int, Int, Int)] = [
        (0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
        (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
        (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
        (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
    ]
    /// The six channel values of xterm's 6×6×6 cube (16–231).
    static let cubeSteps = [0x00, 0x5F, 0x87, 0xAF, 0xD7, 0xFF]

    /// What xterm shows for palette index `n`: 0–15 above, the cube, then 24 greys 8, 18, … 238.
    static func xterm(_ n: Int) -> (Int, Int, Int) {
        if n < 16 { return xtermANSI[n] }
        if n < 232 {
            let c = n - 16
            return (cubeSteps[c / 36], cubeSteps[(c / 6) % 6], cubeSteps[c % 6])
        }
        let grey = 8 + 10 * (n - 232)
        return (grey, grey, grey)
    }

    static func luminance(_ c: (Int, Int, Int)) -> Double {
        func channel(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : Foundation.pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    static func contrast(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Double {
        let x = luminance(a), y = luminance(b)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    /// The RGB a terminal colour shows as, or `nil` for the terminal's default.
    static func shown(_ colour: TerminalColour, depth: ColourDepth) -> (Int, Int, Int)? {
        switch colour {
        case .terminalDefault: return nil
        case .index(let n):
            // The painter can only use indexes the terminal has.
            let limit = depth == .ansi8 ? 8 : depth == .ansi16 ? 16 : 256
            return Int(n) < limit ? xterm(Int(n)) : nil
        case let .rgb(r, g, b):
            return depth == .truecolor ? (Int(r), Int(g), Int(b)) : nil
        }
    }

    /// (foreground, background) as they appear on screen: reverse swaps them.
    static func onScreen(_ style: ResolvedStyle, depth: ColourDepth) -> (fg: (Int, Int, Int)?, bg: (Int, Int, Int)?) {
        let fg = shown(style.foreground, depth: depth), bg = shown(style.background, depth: depth)
        return style.attributes.contains(.reverse) ? (bg, fg) : (fg, bg)
    }

    // MARK: What the views draw

    static let colourDepths: [ColourDepth] = [.truecolor, .palette256, .ansi16, .ansi8]
    static let colourThemes = ["dark", "light", "high-contrast"]

    /// Every (foreground, background) pairing a view draws, named.
    static var drawnStyles: [(String, CellStyle)] {
        var styles: [(String, CellStyle)] = [
            ("text", .plain), ("muted", .muted), ("accent", .accent), ("border", .border), ("error", .error),
            ("title", CellStyle(foreground: .text)), ("focused border", CellStyle(foreground: .accent)),
            ("truncated token", CellStyle(foreground: .muted, attributes: .dim)),
            ("selected row", .selected), ("selected row marker", CellStyle.selected.adding(.bold)),
        ]
        for level in Int8(0)...HeatLevel.steps {
            // Neighbour bars: the heat colour as the foreground, on a plain or a selected row.
            styles.append(("bar \(level)", CellStyle(foreground: .heat(level))))
            styles.append(("bar \(level) on selection", CellStyle(foreground: .heat(level), background: .selection)))
        }
        for level in -HeatLevel.steps...HeatLevel.steps {
            // Matrix cells and token chips: text (or a special token, muted) on the heat colour.
            styles.append(("text on heat \(level)", .heat(level)))
            styles.append(("selected cell \(level)", CellStyle.heat(level).adding([.reverse, .bold])))
            styles.append(("special token on heat \(level)", CellStyle(foreground: .muted, background: .heat(level))))
        }
        return styles
    }

    // MARK: Tests

    @Test(arguments: colourThemes, colourDepths)
    func everyForegroundReachesThreeToOne(themeName: String, depth: ColourDepth) {
        let palette = ThemePalette(theme: BuiltInThemes.named(themeName), depth: depth)
        for (label, style) in Self.drawnStyles {
            let (fg, bg) = Self.onScreen(palette.resolve(style), depth: depth)
            guard let fg, let bg else {
                Issue.record("\(themeName) at \(depth.rawValue): \(label) uses a colour the terminal cannot show")
                continue
            }
            let ratio = Self.contrast(fg, bg)
            #expect(ratio >= 3, "\(themeName) at \(depth.rawValue): \(label) is \(ratio):1 (\(fg) on \(bg))")
        }
    }

    @Test(arguments: colourThemes, colourDepths)
    func theSelectedRowStandsOutFromTheOthers(themeName: String, depth: ColourDepth) {
        let palette = ThemePalette(theme: BuiltInThemes.named(themeName), depth: depth)
        let plain = Self.onScreen(palette.resolve(.plain), depth: depth)
        let selected = Self.onScreen(palette.resolve(.selected), depth: depth)
        guard let rowBackground = plain.bg, let selectedBackground = selected.bg else {
            Issue.record("\(themeName) at \(depth.rawValue): a row background the terminal cannot show")
            return
        }
        let ratio = Self.contrast(rowBackground, selectedBackground)
        #expect(ratio >= 3, "\(themeName) at \(depth.rawValue): selection \(selectedBackground) on \(rowBackground) is \(ratio):1")
    }

    /// With 8 colours the light theme's blue selection comes out as cyan, under 3:1 against
    /// the (light grey) background: the selected row takes the text colour, in bold, and its
    /// text the background colour, rather than vanish.
    @Test func aSelectionLostAtEightColoursUsesTheTextColour() {
        let palette = ThemePalette(theme: BuiltInThemes.named("light"), depth: .ansi8)
        #expect(palette.resolve(.plain) == ResolvedStyle(foreground: .index(0), background: .index(7), attributes: []))
        let selected = palette.resolve(.selected)
        #expect(selected == ResolvedStyle(foreground: .index(7), background: .index(0), attributes: .bold))
        // A bar in that row keeps its colour where it shows (heat-low's nearest, cyan, on black).
        let bar = palette.resolve(CellStyle(foreground: .heat(1), background: .selection))
        #expect(bar.background == .index(0) && bar.foreground == .index(6))
        // With 16 colours blue stands out from white: the selection keeps its colour.
        #expect(ThemePalette(theme: BuiltInThemes.named("light"), depth: .ansi16).resolve(.selected).background == .index(12))
    }

    /// The issue's case: TERM=xterm reports 8 colours, which is its own depth (no colours 8–15).
    @Test func eightColoursIsItsOwnDepth() {
        #expect(ColourDepth.detect(colours: 8, noColor: nil) == .ansi8)
        #expect(ColourDepth.detect(colours: 16, noColor: nil) == .ansi16)
        #expect(ColourDepth.detect(colours: 88, noColor: nil) == .ansi16)
        let highContrast = ThemePalette(theme: BuiltInThemes.named("high-contrast"), depth: .ansi8)
        #expect(highContrast.resolve(.plain).foreground == .index(7))  // bright-white → white
        #expect(highContrast.resolve(.plain).background == .index(0))
    }

    /// In monochrome only attributes remain: the selection is reversed, but a bar in the
    /// selected row is not (a reversed bar reads as its complement).
    @Test(arguments: ["dark", "light", "high-contrast", "monochrome"])
    func monochromeMarksTheSelectionWithReverse(themeName: String) {
        let palette = ThemePalette(theme: BuiltInThemes.named(themeName), depth: .monochrome)
        #expect(palette.resolve(.selected).attributes.contains(.reverse))
        let bar = palette.resolve(CellStyle(foreground: .heat(8), background: .selection))
        #expect(!bar.attributes.contains(.reverse))
        #expect(bar.foreground == .terminalDefault && bar.background == .terminalDefault)
    }

    /// The high-contrast theme keeps to the 16 ANSI colours at every depth: its heat scale is
    /// never blended into 256-colour or 24-bit in-betweens.
    @Test(arguments: [ColourDepth.palette256, .ansi16, .ansi8])
    func highContrastUsesOnlyANSIColours(depth: ColourDepth) {
        let palette = ThemePalette(theme: BuiltInThemes.named("high-contrast"), depth: depth)
        for (label, style) in Self.drawnStyles {
            let resolved = palette.resolve(style)
            for colour in [resolved.foreground, resolved.background] {
                guard case .index(let n) = colour, n < 16 else {
                    Issue.record("high-contrast at \(depth.rawValue): \(label) uses \(colour)")
                    continue
                }
            }
        }
    }

    /// The theme files themselves meet 3:1 in 24-bit colour (no stand-in needed): text and
    /// every foreground slot on the background, text on the selection, the selection and the
    /// three heat points against the background. Computed from the slots' written colours.
    @Test(arguments: colourThemes)
    func theThemeFilesMeetThreeToOneOnTheirOwn(themeName: String) {
        let theme = BuiltInThemes.named(themeName)
        func written(_ slot: ThemeSlot) -> (Int, Int, Int)? {
            switch theme.entry(slot).colour {
            case let .rgb(r, g, b): (Int(r), Int(g), Int(b))
            case .ansi(let n): Self.xtermANSI[Int(n)]
            case .indexed(let n): Self.xterm(Int(n))
            case .terminalDefault: nil
            }
        }
        guard let background = written(.background), let text = written(.text), let selection = written(.selection) else {
            Issue.record("\(themeName): background, text and selection must be colours")
            return
        }
        var pairs: [(String, (Int, Int, Int)?, (Int, Int, Int))] = [
            ("text on selection", text, selection), ("selection on background", selection, background),
        ]
        for slot in [ThemeSlot.text, .muted, .accent, .border, .error, .heatLow, .heatMid, .heatHigh] {
            pairs.append(("\(slot.rawValue) on background", written(slot), background))
        }
        for (label, fg, bg) in pairs {
            guard let fg else { Issue.record("\(themeName): \(label) is not a colour"); continue }
            #expect(Self.contrast(fg, bg) >= 3, "\(themeName): \(label) is \(Self.contrast(fg, bg)):1")
        }
    }

    /// A user selection written with `reverse` is already marked: it is not swapped again
    /// (two swaps would make the selected row look like any other).
    @Test(arguments: colourDepths)
    func aReversedSelectionStaysReversed(depth: ColourDepth) throws {
        let theme = try ThemeParser.parse("""
            background = #000000
            text = #ffffff
            accent = bright-cyan bold
            border = color245
            selection = #111111 reverse
            heat-low = #707070
            heat-mid = cyan
            heat-high = #ff8800
            negative = #ff0000
            """, file: "r.theme", fallbackName: "r")
        let palette = ThemePalette(theme: theme, depth: depth)
        let plain = Self.onScreen(palette.resolve(.plain), depth: depth)
        let selected = Self.onScreen(palette.resolve(.selected), depth: depth)
        #expect(palette.resolve(.selected).attributes.contains(.reverse))
        if let a = plain.bg, let b = selected.bg {
            #expect(Self.contrast(a, b) >= 3, "\(depth.rawValue): \(a) vs \(b)")
        } else {
            Issue.record("\(depth.rawValue): a colour the terminal cannot show")
        }
    }

    /// `themes check` notes what a theme falls short on; the shipped themes on nothing.
    @Test func shortfallsAreNotedForTheWrittenColours() throws {
        for name in Self.colourThemes + ["monochrome"] {
            #expect(ThemeContrast.shortfalls(of: BuiltInThemes.named(name)) == [], "\(name)")
        }
        let theme = try ThemeParser.parse("""
            background = #ffffff
            text = #000000
            muted = #eeeeee
            accent = #000000
            border = #000000
            selection = #f0f0f0
            heat-low = #000000
            heat-mid = #000000
            heat-high = #000000
            negative = default
            """, file: "pale.theme", fallbackName: "pale")
        let found = ThemeContrast.shortfalls(of: theme)
        #expect(found.map(\.foreground) == [.muted, .selection])
        #expect(found.first?.description.hasPrefix("`muted` on `background` is 1.1") == true)
    }

    /// The stand-in works for any theme, not only the built-in ones: a user theme whose muted
    /// and selection colours are nearly the background still draws readable text and bars.
    @Test(arguments: colourDepths)
    func aPoorUserThemeIsMadeReadable(depth: ColourDepth) throws {
        let theme = try ThemeParser.parse("""
            background = #202020
            text = #e0e0e0
            muted = #282828
            accent = #303030
            border = #252525
            selection = #222222
            heat-low = #202020
            heat-mid = #242424
            heat-high = #2a2a2a
            negative = #1e1e1e
            """, file: "poor.theme", fallbackName: "poor")
        let palette = ThemePalette(theme: theme, depth: depth)
        for (label, style) in Self.drawnStyles {
            let (fg, bg) = Self.onScreen(palette.resolve(style), depth: depth)
            guard let fg, let bg else { Issue.record("\(label): a colour the terminal cannot show"); continue }
            #expect(Self.contrast(fg, bg) >= 3, "poor at \(depth.rawValue): \(label) is \(Self.contrast(fg, bg)):1")
        }
        let rows = (Self.onScreen(palette.resolve(.plain), depth: depth).bg,
                    Self.onScreen(palette.resolve(.selected), depth: depth).bg)
        if let plain = rows.0, let selected = rows.1 {
            #expect(Self.contrast(plain, selected) >= 3, "poor at \(depth.rawValue): selection is invisible")
        }
    }
}
