/// HF `TemplateProcessing` for single sequences: the special tokens of the `single` template
/// before and after `$A` (each special token may stand for several ids). `BertProcessing` is
/// the template `[cls] $A [sep]`.
struct TemplateProcessing: PostProcessor {
    /// Tokens placed before the text, in order.
    let prefix: [VocabularyEntry]
    /// Tokens placed after the text, in order.
    let suffix: [VocabularyEntry]

    var addedTokenCount: Int { prefix.count + suffix.count }

    func process(_ tokens: inout [Token], overflow: inout [Token]) {
        guard addedTokenCount > 0 else { return }
        var wrapped: [Token] = []
        wrapped.reserveCapacity(tokens.count + addedTokenCount)
        for entry in prefix { wrapped.append(Self.special(entry)) }
        wrapped.append(contentsOf: tokens)
        for entry in suffix { wrapped.append(Self.special(entry)) }
        tokens = wrapped
    }

    /// A template token: special, with the empty span `[0, 0)` HF reports for it.
    static func special(_ entry: VocabularyEntry) -> Token {
        Token(id: entry.id, text: entry.text, start: 0, end: 0, isSpecial: true)
    }
}
