/// One input event, decoded from the terminal's bytes.
public enum KeyEvent: Hashable, Sendable {
    /// Printable text: one character typed (or an Alt-less UTF-8 scalar).
    case character(Character)
    /// Ctrl plus a letter, lower-cased (`control("a")` is Ctrl-A, byte 0x01).
    case control(Character)
    /// Alt (Meta) plus a character, sent as ESC then the character.
    case alt(Character)
    /// Text that arrived inside a bracketed paste, delivered whole.
    case paste(String)
    case enter, tab, backTab, backspace, delete, insert, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// F1 … F12.
    case function(Int)
    case mouse(MouseEvent)
    /// A well-formed escape sequence the explorer has no use for (kept for tests and logs).
    case unknown([UInt8])
}

/// A mouse report (SGR 1006 or X10 encoding), in 0-based cell coordinates.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Button 0 left, 1 middle, 2 right.
        case press(button: Int)
        case release
        case scrollUp, scrollDown
        /// Motion with a button held (drag).
        case drag
    }

    public var kind: Kind
    public var column: Int
    public var row: Int

    public init(kind: Kind, column: Int, row: Int) {
        self.kind = kind
        self.column = column
        self.row = row
    }
}
