import Foundation
import Testing
import TestSupport

/// `semblance themes check/list` and `explore --theme` with themes that cannot be used, run
/// as a user runs them, with HOME and XDG_* inside a temporary directory.
struct ThemesCommandTests {
    private static let complete = ThemeFiles.completeSlots

    /// HOME, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME and XDG_DATA_HOME in `directory`.
    private static func sandbox(_ directory: TemporaryDirectory) -> [String: String] {
        [
            "HOME": directory.file("home").path, "XDG_CONFIG_HOME": directory.file("config").path,
            "XDG_STATE_HOME": directory.file("state").path, "XDG_CACHE_HOME": directory.file("cache").path,
            "XDG_DATA_HOME": directory.file("data").path,
        ]
    }

    @Test func checkListsEveryProblemWithItsLine() throws {
        let directory = try TemporaryDirectory()
        let broken = try directory.write("broken.theme", "name = b\ntext = #zzzzzz\nhilite = red\naccent = red blink\n")
        let good = try directory.write("good.theme", "name = good\n" + Self.complete)
        let result = try CommandRunner.semblance(["themes", "check", broken.path, good.path],
                                                 environment: Self.sandbox(directory))
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(result.stdout)")
        #expect(lines[0].hasPrefix("\(broken.path):2: `#zzzzzz` is not a colour"))
        #expect(lines[1].hasPrefix("\(broken.path):3: unknown slot `hilite`"))
        #expect(lines[2] == "\(broken.path):4: `blink` is not an attribute (bold, dim, underline, reverse)")
        #expect(lines[3].hasPrefix("\(broken.path): missing slots background, heat-low"))
        #expect(lines[4] == "\(good.path): ok (theme good)")
    }

    /// `explore --theme FILE` with several problems: one `Error:` line per problem (they were
    /// one line, joined by a visible ␊), before any terminal is needed.
    @Test func exploreWithAThemeOfManyProblemsPrintsOneErrorLineEach() throws {
        let directory = try TemporaryDirectory()
        let broken = try directory.write("broken.theme", "name = b\ntext = #zzzzzz\nhilite = red\naccent = red blink\n")
        let result = try CommandRunner.semblance(["explore", "--theme", broken.path], environment: Self.sandbox(directory))
        #expect(result.status > 0 && result.status < 126)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix("Error: \(broken.path)") && !$0.contains("␊") }, "\(result.stderr)")
    }

    @Test func checkPassesEveryShippedTheme() throws {
        let directory = try TemporaryDirectory()
        let files = ["dark", "light", "high-contrast", "monochrome"].map {
            Fixtures.packageRoot.appendingPathComponent("Themes/\($0).theme").path
        }
        let result = try CommandRunner.semblance(["themes", "check"] + files, environment: Self.sandbox(directory))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(")") && $0.contains(": ok (theme ") })
    }

    /// `--theme` is checked before anything else (even the terminal): each unusable theme
    /// ends the run with the true reason and a non-zero status.
    @Test(arguments: [
        ("missing.theme", "missing.theme: cannot read theme: no such file"),
        ("folder.theme", "folder.theme: cannot read theme: is a directory"),
        ("latin1.theme", "latin1.theme:2: not UTF-8: byte 0xE9 at byte offset 14"),
        ("broken.theme", "broken.theme:1: `#12345g` is not a colour"),
        ("nosuch", "no theme named `nosuch` (known: dark, light, high-contrast, monochrome)"),
    ])
    func exploreRefusesAnUnusableTheme(name: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        let files = ThemeFiles(in: directory.url)
        try files.folder("folder.theme")
        try files.latin1("latin1.theme", after: "name = x\n")
        try files.text("broken.theme", "text = #12345g\n" + Self.complete)
        let argument = name.hasSuffix(".theme") ? directory.file(name).path : name
        let result = try CommandRunner.semblance(["explore", "--theme", argument], environment: Self.sandbox(directory))
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let message = name.hasSuffix(".theme") ? directory.url.path + "/" + expected : expected
        #expect(result.stderr.hasPrefix("Error: \(message)"), "\(result.stderr)")
        #expect(!result.stderr.contains("UTF-8") || name == "latin1.theme", "\(result.stderr)")
        #expect(!result.stderr.contains("terminal"), "\(result.stderr)")
    }

    /// A broken user theme nobody asked for is not an error: explore gets as far as the
    /// terminal check, and `themes list` names it as unusable.
    @Test func aBrokenUserThemeNotInUseIsNotAnError() throws {
        let directory = try TemporaryDirectory()
        let themes = directory.file("config/semblance/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        let files = ThemeFiles(in: themes)
        try files.text("ocean.theme", "text = #12345g\n")
        try files.usable("calm.theme", name: "calm")
        for arguments in [["explore"], ["explore", "--theme", "light"], ["explore", "--theme", "calm"]] {
            let result = try CommandRunner.semblance(arguments, environment: Self.sandbox(directory))
            #expect(result.stderr.contains("needs a terminal"), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("ocean"), "\(arguments): \(result.stderr)")
        }
        let asked = try CommandRunner.semblance(["explore", "--theme", "ocean"], environment: Self.sandbox(directory))
        #expect(asked.status == 1)
        #expect(asked.stderr.hasPrefix("Error: ocean.theme:1: `#12345g` is not a colour"), "\(asked.stderr)")
        let list = try CommandRunner.semblance(["themes", "list"], environment: Self.sandbox(directory))
        #expect(list.status == 0)
        #expect(list.stdout.contains("calm           \(themes.appendingPathComponent("calm.theme").path)"), "\(list.stdout)")
        #expect(list.stdout.contains("unusable: ocean.theme:1: `#12345g` is not a colour"), "\(list.stdout)")
    }
}
