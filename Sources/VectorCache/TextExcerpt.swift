/// A text shortened and made safe for a one-line message: control characters, line and
/// paragraph separators become visible `\u{…}` escapes, and long texts end in "…".
enum TextExcerpt {
    static func quoted(_ text: String, limit: Int = 40) -> String {
        var excerpt = ""
        var characters = 0
        for character in text {
            guard characters < limit else {
                excerpt += "…"
                break
            }
            for scalar in character.unicodeScalars {
                switch scalar.properties.generalCategory {
                case .control, .lineSeparator, .paragraphSeparator, .format:
                    excerpt += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                default:
                    excerpt.unicodeScalars.append(scalar)
                }
            }
            characters += 1
        }
        return "\"\(excerpt)\""
    }
}
