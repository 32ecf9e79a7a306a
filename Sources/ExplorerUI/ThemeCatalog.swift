import Foundation

/// The themes the explorer can cycle through: the built-in ones, then `*.theme` files from
/// the user's theme directory (a user theme with a built-in's name replaces it). Files that
/// cannot be used are left out and kept with every problem they have; a problem is reported
/// only for the theme that is asked for, never for one nobody uses. Nothing here throws.
public struct ThemeCatalog: Hashable, Sendable {
    public private(set) var themes: [Theme]
    /// Theme files that could not be used, by the names they would go by.
    public private(set) var brokenFiles: [BrokenFile]
    /// The file each theme read from disk came from, by theme name (built-ins have none).
    public private(set) var files: [String: String] = [:]

    /// A theme file with problems: the names it answers to (its file stem and, if it declares
    /// one, its `name`) and all its problems.
    public struct BrokenFile: Hashable, Sendable {
        public var names: Set<String>
        public var problem: ExplorerUIError
    }

    public init(themes: [Theme] = BuiltInThemes.all, brokenFiles: [BrokenFile] = []) {
        self.themes = themes.isEmpty ? [BuiltInThemes.dark] : themes
        self.brokenFiles = brokenFiles
    }

    /// Every broken file's problems (for `semblance themes list`).
    public var problems: [ExplorerUIError] { brokenFiles.map(\.problem) }

    /// `${XDG_CONFIG_HOME:-~/.config}/semblance/themes`.
    public static func userDirectory(environment: [String: String]) -> URL {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config")
        return URL(fileURLWithPath: config).appendingPathComponent("semblance/themes")
    }

    /// Built-in themes plus every `*.theme` in `directory` (missing directory: built-ins only).
    public static func load(userDirectory directory: URL?) -> ThemeCatalog {
        var catalog = ThemeCatalog()
        guard let directory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return catalog }
        for name in names.sorted() where name.hasSuffix(".theme") {
            catalog.add(file: directory.appendingPathComponent(name))
        }
        return catalog
    }

    /// Reads and checks one theme file: its text and every problem (`label` names it in them).
    public static func check(file: URL, label: String) -> ThemeParser.Check {
        let stem = ThemeText.visible(file.deletingPathExtension().lastPathComponent)
        switch ThemeFileReader.read(path: file.path, label: label) {
        case .success(let text): return ThemeParser.check(text, file: label, fallbackName: stem)
        case .failure(let problem): return ThemeParser.Check(theme: nil, name: stem, errors: [problem])
        }
    }

    /// Parses one theme file and adds it (replacing a theme of the same name); returns the
    /// theme's name, or keeps the file's problems and returns them. `label` names the file in
    /// problems (default: the file name alone, as the status line is short).
    @discardableResult
    public mutating func add(file: URL, label: String? = nil) -> Result<String, ExplorerUIError> {
        let checked = Self.check(file: file, label: label ?? file.lastPathComponent)
        guard let theme = checked.theme else {
            let problem = checked.errors.count == 1 ? checked.errors[0] : ExplorerUIError.themeErrors(checked.errors)
            let stem = ThemeText.visible(file.deletingPathExtension().lastPathComponent)
            brokenFiles.append(BrokenFile(names: [stem, checked.name], problem: problem))
            return .failure(problem)
        }
        files[theme.name] = file.path
        if let index = themes.firstIndex(where: { $0.name == theme.name }) {
            themes[index] = theme
        } else {
            themes.append(theme)
        }
        return .success(theme.name)
    }

    public var names: [String] { themes.map(\.name) }

    /// One line per theme in cycling order (name and where it comes from), then one per
    /// broken file with its first problem: what `semblance themes list` prints.
    public var listing: [String] {
        let width = themes.map { DisplayWidth.of($0.name) }.max() ?? 0
        let usable = themes.map { theme in
            let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(theme.name)))
            let origin = files[theme.name].map(ThemeText.visible) ?? "built-in"
            return "\(ThemeText.visible(theme.name))\(padding)  \(origin)"
        }
        let broken = brokenFiles.map { "unusable: \($0.problem.summary)" }
        return usable + broken
    }

    /// The index of the theme called `name`, or `nil`.
    public func index(named name: String) -> Int? {
        themes.firstIndex { $0.name == name }
    }

    /// The problems of a broken theme file that answers to `name`, if any.
    public func problem(named name: String) -> ExplorerUIError? {
        brokenFiles.first { $0.names.contains(name) }?.problem
    }

    /// Resolves `--theme`: a theme name or a path to a `.theme` file (`nil`: the default,
    /// dark). Returns the index to start with and, when the theme asked for (or the default)
    /// could not be honoured, why; the index is then the built-in default's.
    public mutating func select(_ request: String?) -> (index: Int, problem: ExplorerUIError?) {
        let defaultIndex = index(named: "dark") ?? 0
        guard let request, !request.isEmpty else { return (defaultIndex, problem(named: "dark")) }
        if request.contains("/") || request.hasSuffix(".theme") {
            switch add(file: URL(fileURLWithPath: request), label: request) {
            case .success(let name): return (index(named: name) ?? defaultIndex, nil)
            case .failure(let problem): return (defaultIndex, problem)
            }
        }
        // A broken user file with this name wins over a built-in of the same name: it was meant to replace it.
        if let problem = problem(named: request) { return (defaultIndex, problem) }
        if let found = index(named: request) { return (found, nil) }
        return (defaultIndex, .unknownTheme(name: request, known: names))
    }
}
