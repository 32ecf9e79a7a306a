/// Reads the theme file format (documented in Themes/README.md):
///
///     # comment (also after a value: `text = #d0d0d0  # light grey`)
///     name = dark
///     background = #1c1c1c
///     accent = #5fafff bold
///     selection = color238
///     negative = bright-red underline
///
/// One `slot = colour [attribute…]` per line. Colours: `#rrggbb`, `default`, an ANSI name
/// (`red`, `bright-blue`, …) or `colorN` (0–255). Attributes: bold, dim, underline, reverse.
public enum ThemeParser {
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses `text`; `file` names the source in errors. The name defaults to `fallbackName`.
    /// Throws the file's problems (all of them, as `themeErrors`, when there are several).
    public static func parse(_ text: String, file: String, fallbackName: String) throws(ExplorerUIError) -> Theme {
        let checked = check(text, file: file, fallbackName: fallbackName)
        if let theme = checked.theme { return theme }
        throw checked.errors.count == 1 ? checked.errors[0] : .themeErrors(checked.errors)
    }

    /// What checking a theme file found: the theme when it has no error, else every error in
    /// line order; `name` is the name it declares (or `fallbackName`) either way.
    public struct Check: Sendable {
        public var theme: Theme?
        public var name: String
        public var errors: [ExplorerUIError]
    }

    /// Checks every line of `text` and reports every problem, not only the first.
    public static func check(_ text: String, file: String, fallbackName: String) -> Check {
        var entries: [ThemeSlot: ThemeEntry] = [:]
        var name = fallbackName
        var seen = Set<String>()
        var errors: [ExplorerUIError] = []
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for (index, rawLine) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            func fail(_ reason: String) { errors.append(.themeLine(file: file, line: lineNumber, reason: reason)) }
            let line = withoutComment(rawLine).trimmingCharacters(in: " \t\r")
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                fail("expected `slot = colour`, found `\(line)`")
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            guard !seen.contains(key) else {
                fail("`\(key)` is set twice")
                continue
            }
            seen.insert(key)
            if key == "name" {
                if value.isEmpty {
                    fail("empty name")
                } else if ThemeText.hasControlCharacters(value) {
                    fail("the name `\(value)` holds control characters")
                } else {
                    name = value
                }
                continue
            }
            guard let slot = ThemeSlot(rawValue: key) else {
                let known = (["name"] + ThemeSlot.allCases.map(\.rawValue)).joined(separator: ", ")
                fail("unknown slot `\(key)` (known: \(known))")
                continue
            }
            switch entry(value) {
            case .success(let entry): entries[slot] = entry
            case .failure(let reasons): reasons.forEach(fail)
            }
        }
        let missing = ThemeSlot.required.filter { entries[$0] == nil && !seen.contains($0.rawValue) }
        if !missing.isEmpty {
            errors.append(.themeMissingSlots(file: file, slots: missing.map(\.rawValue)))
        }
        return Check(theme: errors.isEmpty ? Theme(name: name, entries: entries) : nil, name: name, errors: errors)
    }

    /// The line without its comment: `#` starts one at the line start or when a space
    /// follows it (a colour's `#` is followed by a hex digit).
    private static func withoutComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            if character == "#", previous == " " || previous == "\t" {
                if next == line.endIndex || line[next] == " " || line[next] == "\t" || line[..<index].allSatisfy({ $0 == " " || $0 == "\t" }) {
                    return line[..<index]
                }
            }
            previous = character
            index = next
        }
        return line
    }

    /// A slot's value, or every reason it is not one (a bad colour and each bad attribute).
    private static func entry(_ value: String) -> Result<ThemeEntry, ReasonList> {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        guard let first = words.first else { return .failure(ReasonList(["missing colour"])) }
        var reasons: [String] = []
        let colour = colour(first)
        if colour == nil {
            reasons.append("`\(first)` is not a colour (#rrggbb, default, red … bright-white, color0 … color255)")
        }
        var attributes: CellAttributes = []
        for word in words.dropFirst() {
            switch word {
            case "bold": attributes.insert(.bold)
            case "dim": attributes.insert(.dim)
            case "underline": attributes.insert(.underline)
            case "reverse": attributes.insert(.reverse)
            default: reasons.append("`\(word)` is not an attribute (bold, dim, underline, reverse)")
            }
        }
        guard let colour, reasons.isEmpty else { return .failure(ReasonList(reasons)) }
        return .success(ThemeEntry(colour: colour, attributes: attributes))
    }

    private struct ReasonList: Error {
        var reasons: [String]
        init(_ reasons: [String]) { self.reasons = reasons }
        func forEach(_ body: (String) -> Void) { reasons.forEach(body) }
    }

    /// Parses one colour word; `nil` if it is not one.
    public static func colour(_ word: String) -> ThemeColour? {
        if word == "default" { return .terminalDefault }
        if let index = ansiNames.firstIndex(of: word) { return .ansi(UInt8(index)) }
        let digits = word.dropFirst(5)
        if word.hasPrefix("color"), (1...3).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
           let number = UInt8(digits) {
            return .indexed(number)
        }
        if word.hasPrefix("#"), word.count == 7 {
            let hex = word.dropFirst()
            guard hex.allSatisfy({ $0.isASCII && $0.isHexDigit }), let value = UInt32(hex, radix: 16) else { return nil }
            return .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
