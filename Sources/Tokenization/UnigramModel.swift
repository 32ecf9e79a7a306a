import StrictJSON

/// HF `Unigram`: the segmentation with the highest total score (Viterbi over byte positions),
/// as the library's optimized encoder computes it.
///
/// A position no single-scalar piece starts from gets an unknown node scored `min score − 10`;
/// adjacent unknown nodes are fused into one token, which becomes `unk_id` (its text stays the
/// text it covers, as in the library) — or, with
/// `byte_fallback`, one `<0xXX>` token per UTF-8 byte when all of them are in the vocabulary.
struct UnigramModel: TokenizationModel {
    /// How much worse than the worst piece an unknown scalar scores.
    static let unknownPenalty = 10.0

    let entries: [VocabularyEntry]
    let scores: [Double]
    let unknownId: Int32?
    let byteFallback: Bool
    /// Every piece → its id (a repeated piece keeps its last id, as HF's map does).
    private let pieces: ByteTrie
    /// Score of an unknown node.
    private let unknownScore: Double
    /// `<0x00>` … `<0xFF>` ids when `byteFallback` (nil where absent).
    private let byteIds: [Int32?]

    init(entries: [VocabularyEntry], scores: [Double], unknownId: Int32?, byteFallback: Bool) {
        var builder = ByteTrieBuilder()
        for entry in entries { builder.insert(entry.text.utf8, value: entry.id) }
        let trie = builder.build()
        self.entries = entries
        self.scores = scores
        self.unknownId = unknownId
        self.byteFallback = byteFallback
        pieces = trie
        unknownScore = (scores.min() ?? 0) - Self.unknownPenalty
        byteIds = (0..<256).map { byte in
            trie.value(for: ("<0x" + String(UInt8(byte), radix: 16, uppercase: true).leftPadded(to: 2) + ">").utf8)
        }
    }

    init(_ value: JSONValue, field: String, in document: JSONDocument) throws(TokenizationError) {
        let vocabularyField = field + ".vocab"
        guard let vocabulary = try document.array(value["vocab"], field: vocabularyField) else {
            throw .missingField(file: document.file, field: vocabularyField)
        }
        guard !vocabulary.isEmpty else { throw .emptyVocabulary(file: document.file) }
        guard vocabulary.count <= Int(Int32.max) else {
            throw .invalidField(file: document.file, field: vocabularyField, reason: "has too many entries")
        }
        var entries: [VocabularyEntry] = []
        var scores: [Double] = []
        entries.reserveCapacity(vocabulary.count)
        scores.reserveCapacity(vocabulary.count)
        for (index, element) in vocabulary.enumerated() {
            let entryField = "\(vocabularyField)[\(index)]"
            guard case let .array(pair) = element, pair.count == 2, let piece = pair[0].stringValue,
                  case let .number(score) = pair[1], score.double.isFinite else {
                throw .invalidField(file: document.file, field: entryField, reason: "must be [piece, score]")
            }
            entries.append(VocabularyEntry(id: Int32(index), text: piece))
            scores.append(score.double)
        }
        let unknownId = try document.integer(value["unk_id"], field: field + ".unk_id", in: 0...(entries.count - 1))
        self.init(entries: entries, scores: scores, unknownId: unknownId.map(Int32.init),
                  byteFallback: try document.bool(value["byte_fallback"], field: field + ".byte_fallback") ?? false)
    }

    func id(for token: String) -> Int32? { pieces.value(for: token.utf8) }
    var vocabulary: [VocabularyEntry] { entries }

    func tokenize(_ piece: Range<Int>, of text: NormalizedText, into tokens: inout [Token], scratch: inout ModelScratch) {
        guard !piece.isEmpty else { return }
        scratch.word.load(text.scalars[piece])
        let bytes = scratch.word.bytes
        let size = bytes.count
        // best[e]: score of the best path ending at byte e; from[e]: where its last node starts
        // (-1: unreached); node[e]: that node's id (an unknown node has unk_id, or -1 without one).
        let unknownNode = Int(unknownId ?? -1)
        scratch.scores.removeAll(keepingCapacity: true)
        scratch.scores.append(contentsOf: repeatElement(0, count: size + 1))
        scratch.integers.removeAll(keepingCapacity: true)
        scratch.integers.append(contentsOf: repeatElement(-1, count: size + 1))
        scratch.moreIntegers.removeAll(keepingCapacity: true)
        scratch.moreIntegers.append(contentsOf: repeatElement(-1, count: size + 1))
        var start = 0
        while start < size {
            let scalarLength = Self.utf8Length(leadByte: bytes[start])
            let here = scratch.scores[start]
            var hasSingleScalarPiece = false
            pieces.forEachPrefix(of: bytes, from: start) { length, id in
                let end = start + length
                let candidate = scores[Int(id)] + here
                if scratch.integers[end] < 0 || candidate > scratch.scores[end] {
                    scratch.scores[end] = candidate
                    scratch.integers[end] = start
                    scratch.moreIntegers[end] = Int(id)
                }
                if length == scalarLength { hasSingleScalarPiece = true }
            }
            if !hasSingleScalarPiece {
                let end = min(start + scalarLength, size)
                let candidate = unknownScore + here
                if scratch.integers[end] < 0 || candidate > scratch.scores[end] {
                    scratch.scores[end] = candidate
                    scratch.integers[end] = start
                    scratch.moreIntegers[end] = unknownNode
                }
            }
            start += scalarLength
        }
        // Walk back, then emit in order; as in the library, consecutive nodes with the unknown
        // id (unknown scalars, or the unk piece itself) fuse into one token.
        var path: [(start: Int, end: Int, id: Int)] = []
        var end = size
        while end > 0 {
            let nodeStart = max(0, scratch.integers[end])
            let id = scratch.moreIntegers[end]
            if id == unknownNode, let last = path.last, last.id == unknownNode {
                path[path.count - 1] = (nodeStart, last.end, id)
            } else {
                path.append((nodeStart, end, id))
            }
            end = nodeStart
        }
        for node in path.reversed() {
            let first = piece.lowerBound + scratch.word.scalarOffset(atByte: node.start)
            let last = piece.lowerBound + scratch.word.scalarOffset(atByte: node.end)
            let span = text.originalSpan(of: first..<last)
            if node.id != unknownNode {
                let entry = entries[node.id]
                tokens.append(Token(id: entry.id, text: entry.text, start: span.lowerBound, end: span.upperBound, isSpecial: false))
            } else {
                appendUnknown(bytes[node.start..<node.end], span: span, into: &tokens)
            }
        }
    }

    /// A fused unknown piece: its own id if the vocabulary has it, else byte tokens, else unk.
    private func appendUnknown(_ bytes: ArraySlice<UInt8>, span: Range<Int>, into tokens: inout [Token]) {
        if let id = pieces.value(for: bytes) {
            let entry = entries[Int(id)]
            tokens.append(Token(id: entry.id, text: entry.text, start: span.lowerBound, end: span.upperBound, isSpecial: false))
            return
        }
        if byteFallback, bytes.allSatisfy({ byteIds[Int($0)] != nil }) {
            for byte in bytes {
                let entry = entries[Int(byteIds[Int(byte)] ?? 0)]
                tokens.append(Token(id: entry.id, text: entry.text, start: span.lowerBound, end: span.upperBound, isSpecial: false))
            }
            return
        }
        // A model without unk_id would fail in the library; the text is then dropped rather than invented.
        guard let unknownId else { return }
        // As in the library, the token's text is the text it stands for (offset trimming reads it).
        tokens.append(Token(id: unknownId, text: String(decoding: bytes, as: UTF8.self), start: span.lowerBound,
                            end: span.upperBound, isSpecial: false))
    }

    private static func utf8Length(leadByte: UInt8) -> Int {
        switch leadByte {
        case ..<0x80: 1
        case 0xF0...: 4
        case 0xE0...: 3
        default: 2
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
