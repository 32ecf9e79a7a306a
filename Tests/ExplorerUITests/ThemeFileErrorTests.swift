import ExplorerUI
import Foundation
import Glibc
import TestSupport
import Testing

/// Theme files that cannot be used say truly why (no such file, a directory, permission, not
/// UTF-8 with the line and byte offset, a FIFO), report every problem line by line, and are
/// reported only for the theme in use.
@Suite struct ThemeFileErrorTests {
    private static let complete = ThemeFiles.completeSlots

    private func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try TemporaryDirectory("semblance-theme-errors")
        try body(directory.url)
    }

    private func withFiles(_ body: (ThemeFiles) throws -> Void) throws {
        let directory = try TemporaryDirectory("semblance-theme-errors")
        try body(ThemeFiles(in: directory.url))
    }

    private func problem(_ url: URL) -> String {
        ThemeCatalog.check(file: url, label: url.lastPathComponent).errors.map(\.description).joined(separator: "\n")
    }

    @Test func aMissingFileIsNoSuchFile() throws {
        try withFiles { files in
            #expect(problem(files.url("gone.theme")) == "gone.theme: cannot read theme: no such file")
            let danglingLink = try files.danglingLink("dangling.theme")
            #expect(problem(danglingLink) == "dangling.theme: cannot read theme: a symbolic link to a missing file")
        }
    }

    @Test func aDirectoryIsADirectory() throws {
        try withFiles { files in
            let folder = try files.folder("folder.theme")
            #expect(problem(folder) == "folder.theme: cannot read theme: is a directory")
        }
    }

    /// A FIFO would block a plain read forever; it is refused at once.
    @Test func aFIFOIsNotARegularFile() throws {
        try withFiles { files in
            let pipe = try files.fifo("pipe.theme")
            #expect(problem(pipe) == "pipe.theme: cannot read theme: not a regular file (a FIFO)")
        }
    }

    @Test func anUnreadableFileIsPermissionDenied() throws {
        guard geteuid() != 0 else { return }  // root reads anything
        try withFiles { files in
            let file = try files.usable("secret.theme", name: "secret")
            #expect(chmod(file.path, 0) == 0)
            #expect(problem(file) == "secret.theme: cannot read theme: permission denied")
        }
    }

    @Test func invalidUTF8NamesTheLineAndByteOffset() throws {
        try withFiles { files in
            let file = try files.latin1("latin1.theme", after: "name = x\ntext = #ffffff\n")
            #expect(problem(file) == "latin1.theme:3: not UTF-8: byte 0xE9 at byte offset 29")
        }
    }

    @Test func aHugeFileIsRefusedUnread() throws {
        try withDirectory { directory in
            let file = directory.appendingPathComponent("huge.theme")
            try Data(repeating: 0x20, count: ThemeFileReader.maximumBytes + 1).write(to: file)
            #expect(problem(file).hasPrefix("huge.theme: cannot read theme: too large for a theme"))
        }
    }

    @Test func everyProblemIsReportedLineByLine() {
        let text = "name = many\ntext = #zzzzzz blink\nhilite = red\nbackground\nbackground = #000000\nbackground = #111111\n"
        let check = ThemeParser.check(text, file: "many.theme", fallbackName: "many")
        #expect(check.theme == nil)
        #expect(check.name == "many")
        #expect(check.errors.map(\.description) == [
            "many.theme:2: `#zzzzzz` is not a colour (#rrggbb, default, red … bright-white, color0 … color255)",
            "many.theme:2: `blink` is not an attribute (bold, dim, underline, reverse)",
            "many.theme:3: unknown slot `hilite` (known: name, background, text, muted, accent, border, selection, error, heat-low, heat-mid, heat-high, negative)",
            "many.theme:4: expected `slot = colour`, found `background`",
            "many.theme:6: `background` is set twice",
            "many.theme: missing slots accent, heat-low, heat-mid, heat-high, negative, selection, border",
        ])
        #expect(throws: ExplorerUIError.themeErrors(check.errors)) {
            try ThemeParser.parse(text, file: "many.theme", fallbackName: "many")
        }
    }

    /// Siblings: a BOM before the first line, control characters in a name, `color+5`.
    @Test func aBOMIsSkippedAndControlCharactersAreRefusedOrShown() {
        #expect(ThemeParser.check("\u{FEFF}# bom\n" + Self.complete, file: "b.theme", fallbackName: "b").theme != nil)
        let escape = ThemeParser.check("name = x\u{1B}[2J\n" + Self.complete, file: "e.theme", fallbackName: "e")
        #expect(escape.errors.map(\.description) == ["e.theme:1: the name `x␛[2J` holds control characters"])
        let junk = ThemeParser.check("\u{1B}]0;owned\u{07}\n" + Self.complete, file: "j.theme", fallbackName: "j")
        #expect(junk.errors.first?.description == "j.theme:1: expected `slot = colour`, found `␛]0;owned␇`")
        #expect(ThemeParser.colour("color+5") == nil)
        #expect(ThemeParser.colour("color007") == .indexed(7))
    }

    /// A broken user theme is reported only when it is the theme in use: asked for by name,
    /// or the default it replaces; another theme starts without a word about it.
    @Test func aBrokenUserThemeIsReportedOnlyWhenInUse() throws {
        try withDirectory { directory in
            try "text = #zzzzzz\nhilite = red\n".write(to: directory.appendingPathComponent("ocean.theme"),
                                                      atomically: true, encoding: .utf8)
            var catalog = ThemeCatalog.load(userDirectory: directory)
            #expect(catalog.names == ["dark", "light", "high-contrast", "monochrome"])
            #expect(catalog.select(nil).problem == nil)
            #expect(catalog.select("light").problem == nil)
            let asked = catalog.select("ocean")
            #expect(asked.index == 0)
            #expect(asked.problem?.lines == [
                "ocean.theme:1: `#zzzzzz` is not a colour (#rrggbb, default, red … bright-white, color0 … color255)",
                "ocean.theme:2: unknown slot `hilite` (known: name, background, text, muted, accent, border, selection, error, heat-low, heat-mid, heat-high, negative)",
                "ocean.theme: missing slots background, accent, heat-low, heat-mid, heat-high, negative, selection, border",
            ])
            #expect(asked.problem?.summary.hasSuffix("(+2 more: semblance themes check)") == true)

            // A broken dark.theme replaces the default: that is in use, so it is reported.
            try "text = red\n".write(to: directory.appendingPathComponent("dark.theme"), atomically: true, encoding: .utf8)
            var withDark = ThemeCatalog.load(userDirectory: directory)
            let start = withDark.select(nil)
            #expect(withDark.themes[start.index] == BuiltInThemes.dark)
            #expect(start.problem?.lines.first?.hasPrefix("dark.theme: missing slots") == true)
        }
    }

    @Test func aPathGivenToThemeIsNamedAsGiven() throws {
        try withDirectory { directory in
            var catalog = ThemeCatalog()
            let missing = directory.appendingPathComponent("nope.theme").path
            #expect(catalog.select(missing).problem?.description == "\(missing): cannot read theme: no such file")
            #expect(catalog.select(directory.path + "/").problem?.description == "\(directory.path)/: cannot read theme: is a directory")
        }
    }

    @Test func theListingNamesEveryThemeAndEachUnusableFile() throws {
        try withDirectory { directory in
            let ocean = directory.appendingPathComponent("ocean.theme")
            try ("name = ocean\n" + Self.complete).write(to: ocean, atomically: true, encoding: .utf8)
            try "text = red\n".write(to: directory.appendingPathComponent("bad.theme"), atomically: true, encoding: .utf8)
            let listing = ThemeCatalog.load(userDirectory: directory).listing
            #expect(listing.first == "dark           built-in")
            #expect(listing.contains("ocean          \(ocean.path)"))
            #expect(listing.last?.hasPrefix("unusable: bad.theme: missing slots") == true)
        }
    }
}
