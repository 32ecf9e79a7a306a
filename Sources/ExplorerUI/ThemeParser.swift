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
    public static func parse(_ text: String, file: String, fallbackName: String) throws(ExplorerUIError) -> Theme {
        var entries: [ThemeSlot: ThemeEntry] = [:]
        var name = fallbackName
        var seen = Set<String>()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = withoutComment(rawLine).trimmingCharacters(in: " \t\r")
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .themeLine(file: file, line: lineNumber, reason: "expected `slot = colour`, found `\(line)`")
            }
            let key = line[..<equals].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            guard !seen.contains(key) else {
                throw .themeLine(file: file, line: lineNumber, reason: "`\(key)` is set twice")
            }
            seen.insert(key)
            if key == "name" {
                guard !value.isEmpty else { throw .themeLine(file: file, line: lineNumber, reason: "empty name") }
                name = value
                continue
            }
            guard let slot = ThemeSlot(rawValue: key) else {
                let known = (["name"] + ThemeSlot.allCases.map(\.rawValue)).joined(separator: ", ")
                throw .themeLine(file: file, line: lineNumber, reason: "unknown slot `\(key)` (known: \(known))")
            }
            entries[slot] = try entry(value, file: file, line: lineNumber)
        }
        let missing = ThemeSlot.required.filter { entries[$0] == nil }
        guard missing.isEmpty else {
            throw .themeMissingSlots(file: file, slots: missing.map(\.rawValue))
        }
        return Theme(name: name, entries: entries)
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

    private static func entry(_ value: String, file: String, line: Int) throws(ExplorerUIError) -> ThemeEntry {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        guard let first = words.first else {
            throw .themeLine(file: file, line: line, reason: "missing colour")
        }
        guard let colour = colour(first) else {
            throw .themeLine(file: file, line: line,
                             reason: "`\(first)` is not a colour (#rrggbb, default, red … bright-white, color0 … color255)")
        }
        var attributes: CellAttributes = []
        for word in words.dropFirst() {
            switch word {
            case "bold": attributes.insert(.bold)
            case "dim": attributes.insert(.dim)
            case "underline": attributes.insert(.underline)
            case "reverse": attributes.insert(.reverse)
            default:
                throw .themeLine(file: file, line: line,
                                 reason: "`\(word)` is not an attribute (bold, dim, underline, reverse)")
            }
        }
        return ThemeEntry(colour: colour, attributes: attributes)
    }

    /// Parses one colour word; `nil` if it is not one.
    public static func colour(_ word: String) -> ThemeColour? {
        if word == "default" { return .terminalDefault }
        if let index = ansiNames.firstIndex(of: word) { return .ansi(UInt8(index)) }
        if word.hasPrefix("color"), let number = UInt8(word.dropFirst(5)), word.count <= 8 {
            return .indexed(number)
        }
        if word.hasPrefix("#"), word.count == 7 {
            let hex = word.dropFirst()
            guard hex.allSatisfy(\.isHexDigit), let value = UInt32(hex, radix: 16) else { return nil }
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
