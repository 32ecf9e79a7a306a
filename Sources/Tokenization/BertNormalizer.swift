/// HF `BertNormalizer`: clean text, pad CJK ideographs, strip accents, lowercase — in that order.
///
/// Each step rewrites one scalar into zero or more scalars, except that NFD also reorders runs
/// of combining marks by combining class across characters. The fast path treats the whole
/// normalizer as a memoized per-scalar expansion, which is exact whenever every reordered mark
/// is a nonspacing mark that accent stripping deletes anyway; the rare text where a surviving
/// mark could move (a few viramas, Hangul tone marks, musical symbols) takes the exact path in
/// `BertNormalizer+Reordering.swift`.
struct BertNormalizer: TextNormalizer {
    let settings: TokenizerSettings
    /// The expansion of every ASCII scalar (nil when deleted), precomputed for the fast path.
    private let asciiExpansion: [UInt8?]
    /// Expansions of U+0080 ..< `precomputedLimit` (Latin, Greek, Cyrillic, …), computed once
    /// at load so that accented European text never reaches the slower NFD path per call.
    private let precomputedExpansions: [ScalarExpansion]
    private static let precomputedLimit: UInt32 = 0x600

    init(settings: TokenizerSettings) {
        self.settings = settings
        var table: [UInt8?] = []
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            if settings.cleanText && BertCharacterClass.isRemovedByCleaning(scalar) {
                table.append(nil)
            } else if settings.cleanText && BertCharacterClass.isWhitespace(scalar) {
                table.append(UInt8(ascii: " "))
            } else if settings.lowercase && value >= UInt8(ascii: "A") && value <= UInt8(ascii: "Z") {
                table.append(value + 32)
            } else {
                table.append(value)
            }
        }
        asciiExpansion = table
        var precomputed: [ScalarExpansion] = []
        for value in UInt32(0x80)..<Self.precomputedLimit {
            precomputed.append(Unicode.Scalar(value).map { ScalarExpansion($0, settings: settings) } ?? .cleanedAway)
        }
        precomputedExpansions = precomputed
    }

    /// Appends the normalized form of `original[range]` to `output`, recording origins.
    func normalize(_ original: [Unicode.Scalar], range: Range<Int>,
                   into output: inout NormalizedText, cache: inout ExpansionCache) {
        let outputStart = output.scalars.count
        output.scalars.reserveCapacity(outputStart + range.count)
        output.origins.reserveCapacity(outputStart + range.count)
        // The last scalar that cleaning kept: HF gives the space it inserts before a CJK
        // ideograph that scalar's span (the segment start when there is none).
        var previousCleaned = range.lowerBound
        for index in range {
            let scalar = original[index]
            if scalar.value < 0x80 {
                if let byte = asciiExpansion[Int(scalar.value)] {
                    output.scalars.append(Unicode.Scalar(byte))
                    output.origins.append(index)
                    previousCleaned = index
                }
                continue
            }
            let expansion = self.expansion(of: scalar, cache: &cache)
            if expansion.mayReorderSurvivingMarks {
                output.scalars.removeSubrange(outputStart...)
                output.origins.removeSubrange(outputStart...)
                normalizeWithReordering(original, range: range, into: &output)
                return
            }
            for (offset, produced) in expansion.scalars.enumerated() {
                output.scalars.append(produced)
                output.origins.append(offset == 0 && expansion.isPaddedIdeograph ? previousCleaned : index)
            }
            if !expansion.isDeletedByCleaning { previousCleaned = index }
        }
    }

    /// The fast path: normalizes straight from the original scalars, whose indices are the origins.
    func normalize(_ original: [Unicode.Scalar], range: Range<Int>) -> NormalizedText {
        var output = NormalizedText()
        var cache = ExpansionCache()
        normalize(original, range: range, into: &output, cache: &cache)
        return output
    }

    /// Normalizes one piece of text: the scalars are normalized as if they were the original,
    /// then each output origin is mapped back through the input's origins.
    func normalize(_ text: inout NormalizedText) {
        var output = NormalizedText()
        var cache = ExpansionCache()
        normalize(text.scalars, range: text.scalars.indices, into: &output, cache: &cache)
        let inputOrigins = text.origins
        for index in output.origins.indices { output.origins[index] = inputOrigins[output.origins[index]] }
        text = output
    }

    /// The expansion of a non-ASCII scalar, from the precomputed table or the per-call cache.
    func expansion(of scalar: Unicode.Scalar, cache: inout ExpansionCache) -> ScalarExpansion {
        if scalar.value < Self.precomputedLimit {
            return precomputedExpansions[Int(scalar.value - 0x80)]
        }
        if let cached = cache.expansions[scalar.value] { return cached }
        let expansion = ScalarExpansion(scalar, settings: settings)
        cache.expansions[scalar.value] = expansion
        return expansion
    }

}

/// What the normalizer turns one scalar into.
struct ScalarExpansion: Sendable {
    /// The scalars produced, in order; empty when the scalar is deleted.
    let scalars: [Unicode.Scalar]
    /// A CJK ideograph padded as [" ", ideograph, " "].
    let isPaddedIdeograph: Bool
    /// Deleted by `clean_text` (as opposed to a mark deleted by accent stripping).
    let isDeletedByCleaning: Bool
    /// Its NFD contains a combining mark that accent stripping keeps (not Mn, non-zero
    /// combining class), which NFD might reorder with marks of the neighbouring characters.
    let mayReorderSurvivingMarks: Bool

    static let cleanedAway = ScalarExpansion(scalars: [], isPaddedIdeograph: false, isDeletedByCleaning: true,
                                             mayReorderSurvivingMarks: false)

    private init(scalars: [Unicode.Scalar], isPaddedIdeograph: Bool, isDeletedByCleaning: Bool = false,
                 mayReorderSurvivingMarks: Bool) {
        self.scalars = scalars
        self.isPaddedIdeograph = isPaddedIdeograph
        self.isDeletedByCleaning = isDeletedByCleaning
        self.mayReorderSurvivingMarks = mayReorderSurvivingMarks
    }

    /// The full normalizer pipeline applied to one scalar on its own.
    init(_ scalar: Unicode.Scalar, settings: TokenizerSettings) {
        if settings.cleanText {
            if BertCharacterClass.isRemovedByCleaning(scalar) {
                self = .cleanedAway
                return
            }
            if BertCharacterClass.isWhitespace(scalar) {
                self.init(scalars: [" "], isPaddedIdeograph: false, mayReorderSurvivingMarks: false)
                return
            }
        }
        var folded: [Unicode.Scalar] = [scalar]
        var mayReorder = false
        if settings.stripAccents {
            let decomposed = CanonicalDecomposition.decompose(scalar)
            mayReorder = decomposed.contains(where: Self.isSurvivingCombiningMark)
            folded = decomposed.filter { !BertCharacterClass.isNonspacingMark($0) }
        }
        if settings.lowercase {
            folded = folded.flatMap { $0.properties.lowercaseMapping.unicodeScalars }
        }
        if settings.handleChineseChars && BertCharacterClass.isChineseCharacter(scalar) {
            self.init(scalars: [" "] + folded + [" "], isPaddedIdeograph: true, mayReorderSurvivingMarks: mayReorder)
        } else {
            self.init(scalars: folded, isPaddedIdeograph: false, mayReorderSurvivingMarks: mayReorder)
        }
    }

    /// A mark that canonical ordering may move and accent stripping does not delete.
    static func isSurvivingCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.canonicalCombiningClass.rawValue != 0 && !BertCharacterClass.isNonspacingMark(scalar)
    }
}

/// Memoized per-scalar normalizer expansions, kept for the duration of one tokenize call.
struct ExpansionCache {
    var expansions: [UInt32: ScalarExpansion] = [:]
}
