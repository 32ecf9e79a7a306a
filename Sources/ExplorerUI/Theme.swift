/// The named colour slots a theme file sets.
public enum ThemeSlot: String, CaseIterable, Hashable, Sendable {
    case background, text, muted, accent, border, selection, error
    case heatLow = "heat-low"
    case heatMid = "heat-mid"
    case heatHigh = "heat-high"
    case negative

    /// Slots every theme must set; `muted` and `error` fall back to `border` and `negative`.
    public static let required: [ThemeSlot] = [
        .background, .text, .accent, .heatLow, .heatMid, .heatHigh, .negative, .selection, .border,
    ]
}

/// A colour as a theme file writes it.
public enum ThemeColour: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–15), shown as the user's terminal palette has it.
    case ansi(UInt8)
    /// An xterm 256-colour index.
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// What one slot looks like: a colour plus attributes (used on every colour depth, and
/// the only thing that shows in monochrome).
public struct ThemeEntry: Hashable, Sendable {
    public var colour: ThemeColour
    public var attributes: CellAttributes

    public init(colour: ThemeColour, attributes: CellAttributes = []) {
        self.colour = colour
        self.attributes = attributes
    }
}

/// A parsed theme: a name and an entry for every slot.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var entries: [ThemeSlot: ThemeEntry]

    public init(name: String, entries: [ThemeSlot: ThemeEntry]) {
        self.name = name
        self.entries = entries
    }

    /// The entry for `slot`, with the documented fallbacks.
    public func entry(_ slot: ThemeSlot) -> ThemeEntry {
        if let entry = entries[slot] { return entry }
        switch slot {
        case .muted: return entries[.border] ?? ThemeEntry(colour: .terminalDefault, attributes: .dim)
        case .error: return entries[.negative] ?? ThemeEntry(colour: .terminalDefault, attributes: .bold)
        default: return ThemeEntry(colour: .terminalDefault)
        }
    }

    /// A theme without a single colour: its attributes carry everything.
    public var isMonochrome: Bool {
        entries.values.allSatisfy { $0.colour == .terminalDefault }
    }
}
