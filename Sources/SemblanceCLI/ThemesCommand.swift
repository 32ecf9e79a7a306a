import ArgumentParser
import ExplorerUI
import Foundation

/// `semblance themes`: check theme files and list the themes the explorer can use.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "Check explorer theme files and list the themes there are.",
        discussion: "The format is described in Themes/README.md.",
        subcommands: [ThemesCheckCommand.self, ThemesListCommand.self])
}

/// `semblance themes check FILE…`: every problem of every file, one `FILE:LINE: message` each.
struct ThemesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check theme files: print every problem as FILE:LINE: message (exit 1 if any).",
        discussion: """
            A file without problems prints `FILE: ok (theme NAME)`, then a note for each colour \
            pair under 3:1 contrast (the explorer draws a stand-in there; not an error).
            """)

    @Argument(help: "The .theme files to check.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one theme file") }
    }

    func run() throws {
        var failed = false
        for path in files {
            let checked = ThemeCatalog.check(file: URL(fileURLWithPath: path), label: path)
            guard let theme = checked.theme else {
                failed = true
                for error in checked.errors { print(error.description) }
                continue
            }
            print(ThemeText.visible("\(path): ok (theme \(checked.name))"))
            for shortfall in ThemeContrast.shortfalls(of: theme) {
                print(ThemeText.visible("\(path): note: \(shortfall)"))
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `semblance themes list`: the built-in and user themes in cycling order, then unusable files.
struct ThemesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the themes `explore --theme` accepts, and the user theme files that cannot be used.",
        discussion: "User themes are read from ${XDG_CONFIG_HOME:-~/.config}/semblance/themes.")

    func run() throws {
        let directory = ThemeCatalog.userDirectory(environment: ProcessInfo.processInfo.environment)
        for line in ThemeCatalog.load(userDirectory: directory).listing { print(line) }
    }
}
