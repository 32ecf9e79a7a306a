/// A semantic colour role: views say what a cell *is*; a `ThemePalette` decides how it looks.
public enum ColourRole: Hashable, Sendable {
    case background
    case text
    /// Secondary text: hints, labels, truncated tokens.
    case muted
    case accent
    case border
    /// The highlighted row or cell.
    case selection
    case error
    /// A diverging heat value in `-HeatLevel.steps ... HeatLevel.steps`: positive values
    /// climb the heat scale (low → mid → high), negative values fade toward `negative`.
    case heat(Int8)
}

/// Quantises a signed value into the heat levels `ColourRole.heat` carries.
public enum HeatLevel {
    /// Levels on each side of zero.
    public static let steps: Int8 = 8

    /// `value / scale` mapped to `-steps ... steps`; NaN and a non-positive scale give 0.
    public static func level(_ value: Float, scale: Float = 1) -> Int8 {
        guard value.isFinite, scale.isFinite, scale > 0 else { return 0 }
        let ratio = max(-1, min(1, value / scale))
        return Int8((ratio * Float(steps)).rounded())
    }
}

/// Text attributes a terminal can show whatever its colour depth.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let underline = CellAttributes(rawValue: 1 << 2)
    public static let reverse = CellAttributes(rawValue: 1 << 3)
}

/// How one cell is drawn: two colour roles and attributes.
public struct CellStyle: Hashable, Sendable {
    public var foreground: ColourRole
    public var background: ColourRole
    public var attributes: CellAttributes

    public init(foreground: ColourRole = .text, background: ColourRole = .background,
                attributes: CellAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = CellStyle()
    public static let muted = CellStyle(foreground: .muted)
    public static let accent = CellStyle(foreground: .accent, attributes: .bold)
    public static let border = CellStyle(foreground: .border)
    public static let selected = CellStyle(foreground: .text, background: .selection)
    public static let error = CellStyle(foreground: .error, attributes: .bold)

    /// A cell on a heat background (the palette picks a readable foreground).
    public static func heat(_ level: Int8) -> CellStyle {
        CellStyle(foreground: .text, background: .heat(level))
    }

    /// The same style with extra attributes.
    public func adding(_ extra: CellAttributes) -> CellStyle {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }
}
