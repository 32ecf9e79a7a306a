// Generated from Themes/*.theme by scripts/generate-builtin-themes.sh; a test checks they match.

/// The themes shipped with Semblance, compiled in so the binary needs no files at run time.
public enum BuiltInThemes {
    /// (name, file text) in cycling order; dark is the default.
    public static let sources: [(name: String, text: String)] = [
        ("dark", #"""
# Semblance theme: dark (the default).
# Format: one `slot = colour [attributes]` per line; see Themes/README.md.
name       = dark
background = #14171c
text       = #d8dee9
muted      = #7b8494
accent     = #88c0d0 bold
border     = #4c566a
selection  = #34405a
error      = #ff6b6b bold
heat-low   = #1f2833   # near zero: barely off the background
heat-mid   = #2e7d8c
heat-high  = #f0b429
negative   = #b5406a
"""#),
        ("light", #"""
# Semblance theme: light, for terminals with a white background.
name       = light
background = #fafafa
text       = #1f2328
muted      = #6e7781
accent     = #0550ae bold
border     = #afb8c1
selection  = #cfe2ff
error      = #cf222e bold
heat-low   = #eef1f4
heat-mid   = #8cc4ff
heat-high  = #fb8f44
negative   = #e879a6
"""#),
        ("high-contrast", #"""
# Semblance theme: high contrast, in the 16 ANSI colours so it follows the terminal's palette.
name       = high-contrast
background = black
text       = bright-white
muted      = white
accent     = bright-yellow bold
border     = bright-white
selection  = blue bold
error      = bright-red bold underline
heat-low   = black
heat-mid   = blue
heat-high  = bright-yellow
negative   = bright-magenta
"""#),
        ("monochrome", #"""
# Semblance theme: monochrome. No colours at all: attributes carry the meaning.
# Used whenever NO_COLOR is set or the terminal has no colours, whatever --theme says.
name       = monochrome
background = default
text       = default
muted      = default dim
accent     = default bold
border     = default
selection  = default reverse
error      = default bold underline
heat-low   = default
heat-mid   = default bold
heat-high  = default reverse
negative   = default underline
"""#),
    ]

    /// Every built-in theme, parsed.
    public static var all: [Theme] {
        sources.compactMap { try? ThemeParser.parse($0.text, file: "\($0.name).theme", fallbackName: $0.name) }
    }

    /// The default theme.
    public static var dark: Theme { named("dark") }

    /// The attribute-only theme used when colours are off.
    public static var monochrome: Theme { named("monochrome") }

    /// A built-in theme by name; an empty (all terminal-default) theme if the name is unknown.
    public static func named(_ name: String) -> Theme {
        all.first { $0.name == name } ?? Theme(name: name, entries: [:])
    }
}
