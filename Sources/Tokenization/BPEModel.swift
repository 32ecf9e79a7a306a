/// The tokenizers library's `BPE` model: each word starts as one symbol per scalar (with the
/// continuing-subword prefix on all but the first and the end-of-word suffix on the last),
/// unknown scalars become byte tokens (`byte_fallback`) or the unknown token, then the
/// lowest-ranked merge applicable anywhere in the word is applied until none is left.
struct BPEModel: TokenizationModel {
    struct Options: Sendable {
        var unknownToken: String?
        var continuingSubwordPrefix: String?
        var endOfWordSuffix: String?
        /// Consecutive unknown scalars become one unknown token.
        var fusesUnknown = false
        /// Unknown scalars become `<0xAB>` tokens, one per UTF-8 byte, when all of them exist.
        var byteFallback = false
        /// A word that is itself in the vocabulary is one token, merges or not.
        var ignoresMerges = false
        /// `dropout: 1.0`: every merge is dropped (deterministically), words stay split into scalars.
        var dropsEveryMerge = false
    }

    /// Why a vocabulary and merges could not become a model; the reader names the file and field.
    enum BuildError: Error, Equatable {
        /// `vocabulary[index]` repeats an earlier token.
        case duplicateToken(index: Int)
        /// `merges[index]` names `token` (one of the pair, or what they merge into), which is not in the vocabulary.
        case mergeTokenNotInVocabulary(index: Int, token: String)
        /// `merges[index]`'s second token is shorter than the continuing-subword prefix it should start with.
        case mergeShorterThanPrefix(index: Int, token: String)
        case tooLarge
    }

    struct Merge: Sendable {
        let rank: Int32
        let newId: Int32
    }

    let options: Options
    /// Token text → id, byte for byte (Swift `String` equality would merge canonically equivalent tokens).
    private let idsByBytes: ByteTrie
    private let textById: [Int32: String]
    /// `textById` as an array indexed by id when ids are dense enough (the usual case): no hashing per token.
    private let textByIndex: [String?]
    /// Ids of single-scalar tokens below U+0800 (all of the byte-level alphabet), -1 where there is none.
    private let smallScalarIds: [Int32]
    /// (left id, right id) packed as `left << 32 | right` → rank and result.
    private let merges: [UInt64: Merge]
    let unknownId: Int32?
    let vocabulary: [VocabularyEntry]
    /// Whether symbols need the prefix or suffix spelled out (neither is absent or empty).
    private let decoratesSymbols: Bool
    private let cache = BPEWordCache()

    init(vocabulary: [(token: String, id: Int32)], merges mergePairs: [(String, String)], options: Options) throws(BuildError) {
        let totalBytes = vocabulary.reduce(0) { $0 + $1.token.utf8.count }
        guard totalBytes < Int(Int32.max) / 2, mergePairs.count < Int(Int32.max) else { throw .tooLarge }
        var builder = ByteTrieBuilder()
        var textById: [Int32: String] = [:]
        var smallScalarIds = [Int32](repeating: -1, count: 0x800)
        for (index, entry) in vocabulary.enumerated() {
            if builder.insert(entry.token.utf8, value: entry.id) != nil { throw .duplicateToken(index: index) }
            textById[entry.id] = entry.token
            var scalars = entry.token.unicodeScalars.makeIterator()
            if let only = scalars.next(), scalars.next() == nil, only.value < 0x800 {
                smallScalarIds[Int(only.value)] = entry.id
            }
        }
        let ids = builder.build()
        let prefixLength = options.continuingSubwordPrefix?.utf8.count ?? 0
        var merges: [UInt64: Merge] = [:]
        merges.reserveCapacity(mergePairs.count)
        for (index, (left, right)) in mergePairs.enumerated() {
            guard let leftId = ids.value(for: left.utf8) else { throw .mergeTokenNotInVocabulary(index: index, token: left) }
            guard let rightId = ids.value(for: right.utf8) else { throw .mergeTokenNotInVocabulary(index: index, token: right) }
            let rightBytes = Array(right.utf8)
            guard rightBytes.count >= prefixLength else { throw .mergeShorterThanPrefix(index: index, token: right) }
            // The merged token drops the right side's prefix bytes, as the library does.
            let mergedBytes = Array(left.utf8) + rightBytes[prefixLength...]
            guard let newId = ids.value(for: mergedBytes) else {
                throw .mergeTokenNotInVocabulary(index: index, token: String(decoding: mergedBytes, as: UTF8.self))
            }
            // A pair listed twice keeps its last rank, like the library's map.
            merges[Self.pairKey(leftId, rightId)] = Merge(rank: Int32(index), newId: newId)
        }
        self.options = options
        self.idsByBytes = ids
        self.textById = textById
        self.vocabulary = vocabulary.map { VocabularyEntry(id: $0.id, text: $0.token) }
        let largestId = Int(textById.keys.max() ?? -1)
        var textByIndex: [String?] = []
        if largestId < 2 * textById.count + 1024 {
            textByIndex = [String?](repeating: nil, count: largestId + 1)
            for (id, text) in textById { textByIndex[Int(id)] = text }
        }
        self.textByIndex = textByIndex
        self.smallScalarIds = smallScalarIds
        self.merges = merges
        // An unknown token missing from the vocabulary cannot be produced: unknown scalars are dropped.
        self.unknownId = options.unknownToken.flatMap { ids.value(for: $0.utf8) }
        self.decoratesSymbols = !(options.continuingSubwordPrefix ?? "").isEmpty || !(options.endOfWordSuffix ?? "").isEmpty
    }

    @inline(__always)
    private static func pairKey(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// The id of exactly `token`, compared byte for byte.
    func id(for token: String) -> Int32? {
        idsByBytes.value(for: token.utf8)
    }

    /// The vocabulary entry with this id.
    func token(for id: Int32) -> String? {
        if id >= 0, Int(id) < textByIndex.count { return textByIndex[Int(id)] }
        return textById[id]
    }

    /// Appends the tokens of the word `text.scalars[piece]`, each spanning the original scalars
    /// of the word's scalars it covers.
    func tokenize(_ piece: Range<Int>, of text: NormalizedText, into tokens: inout [Token], scratch: inout ModelScratch) {
        forEachPiece(of: text.scalars[piece], scratch: &scratch.bpe) { bpePiece in
            let span = text.originalSpan(of: (piece.lowerBound + Int(bpePiece.start))..<(piece.lowerBound + Int(bpePiece.end)))
            tokens.append(Token(id: bpePiece.id, text: token(for: bpePiece.id) ?? "", start: span.lowerBound, end: span.upperBound,
                                isSpecial: false))
        }
    }

    /// Calls `body` with the pieces of `word` in order; an empty word has none.
    func forEachPiece(of word: ArraySlice<Unicode.Scalar>, scratch: inout BPEScratch, _ body: (BPEPiece) -> Void) {
        guard !word.isEmpty else { return }
        if options.dropsEveryMerge {
            merge(word, scratch: &scratch)
            for piece in scratch.pieces { body(piece) }
            return
        }
        if options.ignoresMerges {
            scratch.loadBytes(of: word)
            if let id = idsByBytes.value(for: scratch.bytes) {
                body(BPEPiece(id: id, start: 0, end: Int32(word.count)))
                return
            }
        }
        let hash = BPEWordCache.hash(word)
        if cache.withPieces(of: word, hash: hash, body) { return }
        merge(word, scratch: &scratch)
        for piece in scratch.pieces { body(piece) }
        if scratch.byteCount < BPEWordCache.maximumWordBytes {
            cache.insert(word, hash: hash, pieces: scratch.pieces)
        }
    }

    /// Splits `word` into its initial symbols and applies the merges; leaves the result in `scratch.pieces`.
    private func merge(_ word: ArraySlice<Unicode.Scalar>, scratch: inout BPEScratch) {
        scratch.startWord(word)
        var pendingUnknown: (id: Int32, length: Int)?
        let last = word.endIndex - 1
        for position in word.indices {
            let scalar = word[position]
            let length = UTF8.width(scalar)
            let isFirst = position == word.startIndex
            let symbolId: Int32?
            if !decoratesSymbols, scalar.value < 0x800 {
                let id = smallScalarIds[Int(scalar.value)]
                symbolId = id < 0 ? nil : id
            } else {
                symbolId = idsByBytes.value(for: decoratedSymbol(scalar, isFirst: isFirst, isLast: position == last))
            }
            if let symbolId {
                if let unknown = pendingUnknown {
                    scratch.addSymbol(unknown.id, byteLength: unknown.length)
                    pendingUnknown = nil
                }
                scratch.addSymbol(symbolId, byteLength: length)
                continue
            }
            if options.byteFallback, addByteTokens(decoratedSymbol(scalar, isFirst: isFirst, isLast: position == last), scratch: &scratch) {
                continue
            }
            guard let unknownId else { continue }
            if let unknown = pendingUnknown {
                if options.fusesUnknown {
                    pendingUnknown = (unknown.id, unknown.length + length)
                    continue
                }
                scratch.addSymbol(unknown.id, byteLength: unknown.length)
            }
            pendingUnknown = (unknownId, length)
        }
        if let unknown = pendingUnknown { scratch.addSymbol(unknown.id, byteLength: unknown.length) }
        if !options.dropsEveryMerge { applyMerges(&scratch) }
        scratch.finishPieces()
    }

    /// The symbol's text as the vocabulary spells it: prefix unless first, suffix when last.
    private func decoratedSymbol(_ scalar: Unicode.Scalar, isFirst: Bool, isLast: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        if !isFirst, let prefix = options.continuingSubwordPrefix { bytes.append(contentsOf: prefix.utf8) }
        bytes.append(contentsOf: String(scalar).utf8)
        if isLast, let suffix = options.endOfWordSuffix { bytes.append(contentsOf: suffix.utf8) }
        return bytes
    }

    /// Adds one `<0xAB>` token per byte of `bytes` if the vocabulary has all of them.
    private func addByteTokens(_ bytes: [UInt8], scratch: inout BPEScratch) -> Bool {
        var byteIds: [Int32] = []
        for byte in bytes {
            guard let id = idsByBytes.value(for: Self.byteTokenName(byte).utf8) else { return false }
            byteIds.append(id)
        }
        for id in byteIds { scratch.addSymbol(id, byteLength: 1) }
        return true
    }

    /// `<0x0A>`: the library's `format!("<{b:#04X}>")`.
    static func byteTokenName(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: Array("<0x".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)], UInt8(ascii: ">")], as: UTF8.self)
    }

    /// The library's merge loop: pop the best candidate, skip it if its pair is gone or now
    /// merges into something else, merge, and queue the new pairs on both sides.
    private func applyMerges(_ scratch: inout BPEScratch) {
        var queue = scratch.takeQueue()
        defer { scratch.returnQueue(queue) }
        let symbolCount = scratch.symbols.count
        for position in 0..<max(0, symbolCount - 1) {
            if let merge = merges[Self.pairKey(scratch.symbols[position].id, scratch.symbols[position + 1].id)] {
                queue.push(rank: merge.rank, position: position, newId: merge.newId)
            }
        }
        while let candidate = queue.pop() {
            let position = candidate.position
            let symbol = scratch.symbols[position]
            guard symbol.byteLength != 0, symbol.next >= 0 else { continue }
            let nextPosition = Int(symbol.next)
            let right = scratch.symbols[nextPosition]
            guard let current = merges[Self.pairKey(symbol.id, right.id)], current.newId == candidate.newId else { continue }
            scratch.symbols[position].id = candidate.newId
            scratch.symbols[position].byteLength += right.byteLength
            scratch.symbols[position].next = right.next
            scratch.symbols[nextPosition].byteLength = 0
            if right.next >= 0, Int(right.next) < symbolCount {
                scratch.symbols[Int(right.next)].previous = Int32(position)
            }
            let merged = scratch.symbols[position]
            if merged.previous >= 0 {
                let previous = scratch.symbols[Int(merged.previous)]
                if let merge = merges[Self.pairKey(previous.id, merged.id)] {
                    queue.push(rank: merge.rank, position: Int(merged.previous), newId: merge.newId)
                }
            }
            if merged.next >= 0, Int(merged.next) < symbolCount {
                let following = scratch.symbols[Int(merged.next)]
                if let merge = merges[Self.pairKey(merged.id, following.id)] {
                    queue.push(rank: merge.rank, position: position, newId: merge.newId)
                }
            }
        }
    }
}

/// Reusable buffers for merging one word at a time.
struct BPEScratch {
    struct Symbol {
        var id: Int32
        var previous: Int32
        var next: Int32
        /// UTF-8 bytes of the word the symbol covers; 0 once merged into its left neighbour.
        var byteLength: Int
    }

    fileprivate(set) var symbols: [Symbol] = []
    fileprivate(set) var pieces: [BPEPiece] = []
    /// The word's UTF-8 bytes (filled only when needed) and its size.
    fileprivate(set) var bytes: [UInt8] = []
    fileprivate(set) var byteCount = 0
    /// The scalar each byte of the word belongs to.
    private var scalarAtByte: [Int32] = []
    private var queue: BPEMergeQueue? = BPEMergeQueue()

    init() {}

    fileprivate mutating func loadBytes(of word: ArraySlice<Unicode.Scalar>) {
        bytes.removeAll(keepingCapacity: true)
        for scalar in word { UTF8.encode(scalar) { bytes.append($0) } }
    }

    fileprivate mutating func startWord(_ word: ArraySlice<Unicode.Scalar>) {
        symbols.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        scalarAtByte.removeAll(keepingCapacity: true)
        for (index, scalar) in word.enumerated() {
            for _ in 0..<UTF8.width(scalar) { scalarAtByte.append(Int32(index)) }
        }
        byteCount = scalarAtByte.count
    }

    fileprivate mutating func addSymbol(_ id: Int32, byteLength: Int) {
        let index = Int32(symbols.count)
        if !symbols.isEmpty { symbols[symbols.count - 1].next = index }
        symbols.append(Symbol(id: id, previous: index - 1, next: -1, byteLength: byteLength))
    }

    /// Turns the surviving symbols' byte lengths into scalar ranges, as the library turns
    /// byte offsets into character offsets (a byte inside a scalar counts as the whole scalar).
    fileprivate mutating func finishPieces() {
        guard byteCount > 0 else { return }
        var byteOffset = 0
        for symbol in symbols where symbol.byteLength != 0 {
            let start = scalarAtByte[min(byteOffset, byteCount - 1)]
            byteOffset += symbol.byteLength
            // Byte tokens spelled with a prefix or suffix can run past the word: clamp to its last scalar.
            let end = scalarAtByte[min(byteOffset, byteCount) - 1] + 1
            pieces.append(BPEPiece(id: symbol.id, start: start, end: max(start + 1, end)))
        }
    }

    fileprivate mutating func takeQueue() -> BPEMergeQueue {
        var taken = queue ?? BPEMergeQueue()
        queue = nil
        taken.removeAll()
        return taken
    }

    fileprivate mutating func returnQueue(_ returned: BPEMergeQueue) {
        queue = returned
    }
}
