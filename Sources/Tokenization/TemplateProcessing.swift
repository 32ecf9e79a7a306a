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
        // Inserting moves the tokens in place; copying them would retain every token's text.
        tokens.reserveCapacity(tokens.count + addedTokenCount)
        if !prefix.isEmpty { tokens.insert(contentsOf: prefix.lazy.map(Self.special), at: 0) }
        for entry in suffix { tokens.append(Self.special(entry)) }
    }

    /// A template token: special, with the empty span `[0, 0)` HF reports for it.
    static func special(_ entry: VocabularyEntry) -> Token {
        Token(id: entry.id, text: entry.text, start: 0, end: 0, isSpecial: true)
    }
}
