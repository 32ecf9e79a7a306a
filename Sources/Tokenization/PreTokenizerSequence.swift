/// HF pre-tokenizer `Sequence`: each pre-tokenizer in order, every one cutting the pieces the
/// previous one left.
struct PreTokenizerSequence: PreTokenizer {
    let preTokenizers: [any PreTokenizer]

    func preTokenize(_ text: inout PreTokenizedText) {
        for preTokenizer in preTokenizers { preTokenizer.preTokenize(&text) }
    }
}
