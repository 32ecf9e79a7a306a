import ExplorerUI
import Testing

/// With colours off (NO_COLOR, or a terminal without colours) the status line says so
/// instead of naming a theme, and `t` / Ctrl-T say why nothing changes.
@Suite struct ThemeNoColourTests {
    @Test func theReasonNamesNO_COLOROrTheTerminal() {
        #expect(ColourDepth.noColourReason(colours: 256, noColor: "1", term: "xterm-256color") == "NO_COLOR")
        #expect(ColourDepth.noColourReason(colours: 0, noColor: nil, term: "vt100") == "TERM=vt100")
        #expect(ColourDepth.noColourReason(colours: 256, noColor: "", term: "xterm-256color") == nil)
        #expect(ColourDepth.noColourReason(colours: 8, noColor: nil, term: "xterm") == nil)
    }

    /// https://no-color.org: set and not empty. `explain` and `similarity` share the rule.
    @Test func anEmptyNO_COLORIsUnset() {
        #expect(ColourDepth.noColourRequested("1"))
        #expect(ColourDepth.noColourRequested("0"))
        #expect(!ColourDepth.noColourRequested(""))
        #expect(!ColourDepth.noColourRequested(nil))
    }

    @Test func theStatusLineSaysNoColour() {
        var state = ExplorerFixtures.state()
        #expect(ExplorerScreen.render(state).grid.text.contains("theme dark"))
        state.noColourReason = "NO_COLOR"
        let screen = ExplorerScreen.render(state).grid.text
        #expect(screen.contains("no colour (NO_COLOR)"))
        #expect(!screen.contains("theme dark"))
    }

    @Test(arguments: [KeyEvent.character("t"), .control("t")])
    func cyclingThemesSaysWhyNothingChanges(key: KeyEvent) {
        var state = ExplorerFixtures.state()
        state.focus = .neighbours
        state.noColourReason = "NO_COLOR"
        _ = ExplorerReducer.reduce(&state, .key(key))
        #expect(state.themeIndex == 0)
        #expect(state.message == StatusMessage("no colour (NO_COLOR): themes change nothing", isError: false))
        // With colours, the same key moves to the next theme.
        state.noColourReason = nil
        _ = ExplorerReducer.reduce(&state, .key(key))
        #expect(state.themeName == "light")
    }
}
