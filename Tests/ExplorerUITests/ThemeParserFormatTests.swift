import ExplorerUI
import Foundation
import TestSupport
import Testing

@Suite struct ThemeParserFormatTests {
    private let complete = """
        background = #000000
        text = #ffffff
        accent = bright-cyan bold
        border = color240
        selection = #333333 reverse
        heat-low = #101010
        heat-mid = blue
        heat-high = #ff8800
        negative = default underline
        """

    @Test func parsesColoursAttributesAndComments() throws {
        let theme = try ThemeParser.parse("# a comment\nname = test  # trailing comment\n" + complete + "  # indented comment",
                                          file: "t.theme", fallbackName: "fallback")
        #expect(theme.name == "test")
        #expect(theme.entry(.background) == ThemeEntry(colour: .rgb(0, 0, 0)))
        #expect(theme.entry(.accent) == ThemeEntry(colour: .ansi(14), attributes: .bold))
        #expect(theme.entry(.border) == ThemeEntry(colour: .indexed(240)))
        #expect(theme.entry(.selection) == ThemeEntry(colour: .rgb(0x33, 0x33, 0x33), attributes: .reverse))
        #expect(theme.entry(.heatHigh) == ThemeEntry(colour: .rgb(0xFF, 0x88, 0x00)))
        #expect(theme.entry(.negative) == ThemeEntry(colour: .terminalDefault, attributes: .underline))
        // Optional slots fall back: muted → border, error → negative.
        #expect(theme.entry(.muted) == theme.entry(.border))
        #expect(theme.entry(.error) == theme.entry(.negative))
    }

    @Test func theNameDefaultsToTheFileStem() throws {
        #expect(try ThemeParser.parse(complete, file: "x", fallbackName: "ocean").name == "ocean")
    }

    @Test func aBadColourNamesItsLine() {
        let text = "name = bad\n\nbackground = #12345g\n" + complete
        #expect(throws: ExplorerUIError.self) { try ThemeParser.parse(text, file: "bad.theme", fallbackName: "bad") }
        do {
            _ = try ThemeParser.parse(text, file: "bad.theme", fallbackName: "bad")
        } catch {
            #expect(error.description.hasPrefix("bad.theme:3: `#12345g` is not a colour"))
        }
    }

    @Test func unknownSlotsAttributesDuplicatesAndMissingEqualsAreErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try ThemeParser.parse(text, file: "f.theme", fallbackName: "f")
                return "parsed"
            } catch {
                return error.lines.first ?? ""
            }
        }
        #expect(message("hilite = red\n" + complete).hasPrefix("f.theme:1: unknown slot `hilite`"))
        #expect(message(complete + "\ntext = red") == "f.theme:10: `text` is set twice")
        #expect(message("text = red blink\n") == "f.theme:1: `blink` is not an attribute (bold, dim, underline, reverse)")
        #expect(message("just words\n") == "f.theme:1: expected `slot = colour`, found `just words`")
        #expect(message("text =\n") == "f.theme:1: missing colour")
        #expect(message("border = color256\n").hasPrefix("f.theme:1: `color256` is not a colour"))
        #expect(message("text = red\n") ==
                "f.theme: missing slots background, accent, heat-low, heat-mid, heat-high, negative, selection, border")
    }

    @Test func everyBuiltInThemeParsesAndMatchesItsFileInThemes() throws {
        #expect(BuiltInThemes.all.map(\.name) == ["dark", "light", "high-contrast", "monochrome"])
        for source in BuiltInThemes.sources {
            let url = Fixtures.packageRoot.appendingPathComponent("Themes/\(source.name).theme")
            let file = try String(contentsOf: url, encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == source.text,
                    "Themes/\(source.name).theme changed: run scripts/generate-builtin-themes.sh")
        }
        #expect(BuiltInThemes.monochrome.isMonochrome)
        #expect(!BuiltInThemes.dark.isMonochrome)
    }

    @Test func catalogAddsUserThemesAndReportsBadOnesWithTheirLine() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("semblance-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try ("name = ocean\n" + complete).write(to: directory.appendingPathComponent("ocean.theme"), atomically: true, encoding: .utf8)
        try ("text = #fff\n").write(to: directory.appendingPathComponent("broken.theme"), atomically: true, encoding: .utf8)
        try ("name = light\n" + complete).write(to: directory.appendingPathComponent("mylight.theme"), atomically: true, encoding: .utf8)
        try "ignored".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        var catalog = ThemeCatalog.load(userDirectory: directory)
        #expect(catalog.names == ["dark", "light", "high-contrast", "monochrome", "ocean"])
        #expect(catalog.themes[1].entry(.heatMid).colour == .ansi(4))  // the user's light replaced the built-in
        #expect(catalog.problems.count == 1)
        #expect(catalog.problems.first?.lines.first ==
                "broken.theme:1: `#fff` is not a colour (#rrggbb, default, red … bright-white, color0 … color255)")

        let broken = catalog.select("broken")
        #expect(broken.index == 0)
        #expect(broken.problem?.description.contains("broken.theme:1") == true)
        let unknown = catalog.select("nope")
        #expect(unknown.index == 0)
        #expect(unknown.problem == .unknownTheme(name: "nope", known: catalog.names))
        #expect(catalog.select("ocean").index == 4)
        #expect(catalog.select(nil).index == 0)
        let byPath = catalog.select(directory.appendingPathComponent("ocean.theme").path)
        #expect(byPath.index == 4 && byPath.problem == nil)
    }

    @Test func userDirectoryFollowsXDG() {
        #expect(ThemeCatalog.userDirectory(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"]).path
                == "/x/cfg/semblance/themes")
        #expect(ThemeCatalog.userDirectory(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/u"]).path
                == "/home/u/.config/semblance/themes")
    }
}
