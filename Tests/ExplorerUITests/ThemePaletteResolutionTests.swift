import ExplorerUI
import Testing

@Suite struct ThemePaletteResolutionTests {
    @Test func colourDepthDetection() {
        #expect(ColourDepth.detect(colours: 256, noColor: "1") == .monochrome)
        #expect(ColourDepth.detect(colours: 256, noColor: "") == .palette256)
        #expect(ColourDepth.detect(colours: 0x1000000, noColor: nil) == .truecolor)
        #expect(ColourDepth.detect(colours: 8, noColor: nil) == .ansi8)
        #expect(ColourDepth.detect(colours: 16, noColor: nil) == .ansi16)
        #expect(ColourDepth.detect(colours: 0, noColor: nil) == .monochrome)
    }

    @Test func rgbMapsToTheNearestPaletteEntries() {
        #expect(ColourConversion.index256(0, 0, 0) == 16)
        #expect(ColourConversion.index256(255, 255, 255) == 231)
        #expect(ColourConversion.index256(0x5F, 0x87, 0xAF) == 16 + 36 * 1 + 6 * 2 + 3)
        #expect(ColourConversion.index256(0x80, 0x80, 0x80) == 244)  // grey ramp: 8 + 10 × 12
        #expect(ColourConversion.index16(250, 10, 10) == 9)
        #expect(ColourConversion.index16(0, 0, 200) == 4)
        #expect(ColourConversion.mix((0, 0, 0), (200, 100, 50), 0.5) == (100, 50, 25))
    }

    @Test func darkThemeInEachDepth() {
        let style = CellStyle.accent
        let truecolor = ThemePalette(theme: BuiltInThemes.dark, depth: .truecolor).resolve(style)
        #expect(truecolor.foreground == .rgb(0x88, 0xC0, 0xD0))
        #expect(truecolor.background == .rgb(0x14, 0x17, 0x1C))
        #expect(truecolor.attributes == .bold)
        // #88c0d0: the cube's nearest channels are 0x87, 0xaf, 0xd7 → 16 + 36·2 + 6·3 + 4.
        let palette = ThemePalette(theme: BuiltInThemes.dark, depth: .palette256).resolve(style)
        #expect(palette.foreground == .index(110))
        #expect(palette.background == .index(234))  // #14171c: the grey 0x1c
        // Of the 16 ANSI colours, white (#e5e5e5) is nearest; the background is black.
        let ansi = ThemePalette(theme: BuiltInThemes.dark, depth: .ansi16).resolve(style)
        #expect(ansi.foreground == .index(7))
        #expect(ansi.background == .index(0))
    }

    @Test func heatScaleRunsLowMidHighAndNegative() {
        let palette = ThemePalette(theme: BuiltInThemes.dark, depth: .truecolor)
        #expect(palette.resolve(.heat(0)).background == .rgb(0x5F, 0x74, 0x89))
        #expect(palette.resolve(.heat(4)).background == .rgb(0x2E, 0x7D, 0x8C))
        #expect(palette.resolve(.heat(8)).background == .rgb(0xF0, 0xB4, 0x29))
        #expect(palette.resolve(.heat(-8)).background == .rgb(0xB5, 0x40, 0x6A))
    }

    @Test func textOnABrightHeatCellTurnsDark() {
        let palette = ThemePalette(theme: BuiltInThemes.dark, depth: .truecolor)
        #expect(palette.resolve(.heat(8)).foreground == .rgb(0x14, 0x17, 0x1C))  // amber: dark text
        #expect(palette.resolve(.heat(-8)).foreground == .rgb(0xD8, 0xDE, 0xE9))  // deep red: light text
    }

    @Test func monochromeUsesOnlyAttributes() {
        for theme in [BuiltInThemes.dark, BuiltInThemes.monochrome] {
            let depth: ColourDepth = theme.isMonochrome ? .palette256 : .monochrome
            let palette = ThemePalette(theme: theme, depth: depth)
            #expect(palette.isMonochrome)
            #expect(palette.resolve(.selected) == ResolvedStyle(foreground: .terminalDefault, background: .terminalDefault,
                                                                  attributes: .reverse))
            #expect(palette.resolve(.accent).attributes == .bold)
            #expect(palette.resolve(.muted).attributes == .dim)
            #expect(palette.resolve(.heat(8)).attributes == .reverse)
            #expect(palette.resolve(.heat(4)).attributes == .bold)
            #expect(palette.resolve(.heat(-5)).attributes == .underline)
            // Reverse on a reversed heat cell would vanish: it becomes bold + underline.
            #expect(palette.resolve(CellStyle.heat(8).adding(.reverse)).attributes == [.bold, .underline])
        }
    }

    @Test func highContrastKeepsAnsiIndexesInPaletteModes() {
        let palette = ThemePalette(theme: BuiltInThemes.named("high-contrast"), depth: .palette256)
        #expect(palette.resolve(.plain).foreground == .index(15))
        #expect(palette.resolve(.plain).background == .index(0))
        let ansi = ThemePalette(theme: BuiltInThemes.named("high-contrast"), depth: .ansi16)
        #expect(ansi.resolve(.heat(8)).background == .index(11))
    }
}
