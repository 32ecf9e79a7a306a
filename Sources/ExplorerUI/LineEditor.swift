/// The input line's text and cursor, edited in whole characters (grapheme clusters) so
/// UTF-8 text, accents and wide characters never split.
public struct LineEditor: Hashable, Sendable {
    /// Longest input kept; a longer paste is cut (the model truncates long before this).
    public static let maximumLength = 20_000

    public private(set) var characters: [Character]
    /// Insertion point, in characters from the start: `0 ... characters.count`.
    public private(set) var cursor: Int

    public init(text: String = "") {
        characters = Array(Self.sanitised(text).prefix(Self.maximumLength))
        cursor = characters.count
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts text at the cursor. Line breaks and tabs become spaces and other control
    /// characters are dropped; returns false when the text had to be cut to fit.
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        let clean = Self.sanitised(text)
        let room = Self.maximumLength - characters.count
        let kept = String(clean.prefix(max(0, room)))
        // Rebuilding from strings lets a combining mark join the character before it.
        let before = String(characters[..<cursor]) + kept
        let after = String(characters[cursor...])
        let joined = Array(before + after)
        cursor = min(Array(before).count, joined.count)
        characters = Array(joined.prefix(Self.maximumLength))
        cursor = min(cursor, characters.count)
        return kept.count == clean.count
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveToStart() { cursor = 0 }
    public mutating func moveToEnd() { cursor = characters.count }

    /// Moves to the start of the previous word (Alt-B / Ctrl-Left style).
    public mutating func moveWordLeft() { cursor = startOfWord(before: cursor) }

    /// Moves past the end of the next word.
    public mutating func moveWordRight() {
        var index = cursor
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        cursor = index
    }

    /// Deletes the character before the cursor (Backspace).
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor (Delete).
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    public mutating func deleteToEnd() {
        characters.removeSubrange(cursor...)
    }

    /// Deletes the word before the cursor and the spaces after it (Ctrl-W).
    public mutating func deleteWordBackward() {
        let start = startOfWord(before: cursor)
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Replaces the whole text, cursor at the end.
    public mutating func replace(with text: String) {
        self = LineEditor(text: text)
    }

    private func startOfWord(before position: Int) -> Int {
        var index = position
        while index > 0, characters[index - 1].isWhitespace { index -= 1 }
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return index
    }

    /// Line breaks and tabs → spaces; other control characters removed.
    static func sanitised(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" || character == "\t" {
                result.append(" ")
            } else if let first = character.unicodeScalars.first,
                      first.value < 0x20 || (0x7F..<0xA0).contains(first.value) {
                continue
            } else {
                result.append(character)
            }
        }
        return result
    }
}
