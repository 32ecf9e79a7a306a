// Generated from Themes/*.theme by scripts/generate-builtin-themes.sh; a test checks they match.

/// The themes shipped with Semblance, compiled in so the binary needs no files at run time.
public enum BuiltInThemes {
    /// (name, file text) in cycling order; dark is the default.
    public static let sources: [(name: String, text: String)] = [
        ("dark", #"""
# Semblance theme: dark (the default).
# Format: one `slot = colour [attributes]` per line; see Themes/README.md.
# Every foreground, the selection and the heat scale stand at least 3:1 against the background.
name       = dark
background = #14171c
text       = #d8dee9
muted      = #7b8494
accent     = #88c0d0 bold
border     = #6c7890
selection  = #4b7599
error      = #ff6b6b bold
heat-low   = #5f7489   # near zero: a bar still shows against the background
heat-mid   = #2e7d8c
heat-high  = #f0b429
negative   = #b5406a
"""#),
        ("light", #"""
# Semblance theme: light, for terminals with a white background.
# Every foreground, the selection and the heat scale stand at least 3:1 against the background.
name       = light
background = #fafafa
text       = #1f2328
muted      = #6e7781
accent     = #0550ae bold
border     = #808993
selection  = #668de1
error      = #cf222e bold
heat-low   = #7c8591   # near zero: a bar still shows against the background
heat-mid   = #3a7bd5
heat-high  = #c4432b
negative   = #b0307a
"""#),
        ("high-contrast", #"""
# Semblance theme: high contrast, in the 16 ANSI colours only (never blended into others),
# so it follows the terminal's palette.
name       = high-contrast
background = black
text       = bright-white
muted      = white
accent     = bright-yellow bold
border     = bright-white
selection  = bright-blue bold
error      = bright-red bold underline
heat-low   = bright-black
heat-mid   = cyan
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
