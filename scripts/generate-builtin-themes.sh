#!/usr/bin/env bash
# Regenerates Sources/ExplorerUI/BuiltInThemes.swift from Themes/*.theme (the shipped
# themes are compiled in; ExplorerUITests checks the two never drift apart).
set -euo pipefail
cd "$(dirname "$0")/.."
out=Sources/ExplorerUI/BuiltInThemes.swift
{
    echo '// Generated from Themes/*.theme by scripts/generate-builtin-themes.sh; a test checks they match.'
    echo
    echo '/// The themes shipped with Semblance, compiled in so the binary needs no files at run time.'
    echo 'public enum BuiltInThemes {'
    echo '    /// (name, file text) in cycling order; dark is the default.'
    echo '    public static let sources: [(name: String, text: String)] = ['
    for name in dark light high-contrast monochrome; do
        echo "        (\"$name\", #\"\"\""
        cat "Themes/$name.theme"
        echo '"""#),'
    done
    cat <<'SWIFT'
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
SWIFT
} > "$out"
echo "wrote $out"
