/// HF `WhitespaceSplit`: splits on whitespace (the White_Space property), which is dropped.
struct WhitespaceSplitPreTokenizer: PreTokenizer {
    func preTokenize(_ text: inout PreTokenizedText) {
        text.split { piece, text, emit in
            var wordStart = piece.lowerBound
            for index in piece where BertCharacterClass.isWhitespace(text.scalars[index]) {
                emit(wordStart..<index)
                wordStart = index + 1
            }
            emit(wordStart..<piece.upperBound)
        }
    }
}
