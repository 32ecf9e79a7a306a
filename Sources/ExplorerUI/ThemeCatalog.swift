import Foundation

/// The themes the explorer can cycle through: the built-in ones, then `*.theme` files from
/// the user's theme directory (a user theme with a built-in's name replaces it). Files that
/// do not parse are left out and reported as problems; nothing here throws.
public struct ThemeCatalog: Hashable, Sendable {
    public private(set) var themes: [Theme]
    /// One per theme file that could not be used, naming the file and line.
    public private(set) var problems: [ExplorerUIError]

    public init(themes: [Theme] = BuiltInThemes.all, problems: [ExplorerUIError] = []) {
        self.themes = themes.isEmpty ? [BuiltInThemes.dark] : themes
        self.problems = problems
    }

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

    /// Parses one theme file and adds it (replacing a theme of the same name); returns the
    /// theme's name, or records the problem and returns it.
    @discardableResult
    public mutating func add(file: URL) -> Result<String, ExplorerUIError> {
        // The file name alone: the status line is short, and the directory is documented.
        let label = file.lastPathComponent
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            let problem = ExplorerUIError.themeUnreadable(file: label, reason: "not readable as UTF-8 text")
            problems.append(problem)
            return .failure(problem)
        }
        let stem = file.deletingPathExtension().lastPathComponent
        do {
            let theme = try ThemeParser.parse(text, file: label, fallbackName: stem)
            if let index = themes.firstIndex(where: { $0.name == theme.name }) {
                themes[index] = theme
            } else {
                themes.append(theme)
            }
            return .success(theme.name)
        } catch {
            problems.append(error)
            return .failure(error)
        }
    }

    public var names: [String] { themes.map(\.name) }

    /// The index of the theme called `name`, or `nil`.
    public func index(named name: String) -> Int? {
        themes.firstIndex { $0.name == name }
    }

    /// Resolves `--theme`: a theme name or a path to a `.theme` file. Returns the index to
    /// start with and, when the request could not be honoured, why (the default is used).
    public mutating func select(_ request: String?) -> (index: Int, problem: ExplorerUIError?) {
        let defaultIndex = index(named: "dark") ?? 0
        guard let request, !request.isEmpty else { return (defaultIndex, nil) }
        if request.contains("/") || request.hasSuffix(".theme") {
            switch add(file: URL(fileURLWithPath: request)) {
            case .success(let name): return (index(named: name) ?? defaultIndex, nil)
            case .failure(let problem): return (defaultIndex, problem)
            }
        }
        if let found = index(named: request) { return (found, nil) }
        if let problem = problems.first(where: { $0.description.hasPrefix("\(request).theme") }) {
            return (defaultIndex, problem)
        }
        return (defaultIndex, .unknownTheme(name: request, known: names))
    }
}
