/// NFD, NFKD, NFC and NFKC as the library runs them over a whole string, with the alignment
/// its `NormalizedString::transform` gives each output scalar.
///
/// The library's normalization iterator tags each output scalar with a change: 0 replaces the
/// next input scalar, +1 is inserted (it takes the span of the input scalar replaced last),
/// −n replaces the next input scalar and removes n more. Tags travel with their scalars through
/// canonical reordering, and a composition adds the tags of both halves minus one. Spans are
/// then handed out by position, which is why a reordered mark can take its neighbour's span.
extension LibraryUnicode {
    public enum NormalizationForm: Sendable, CaseIterable {
        case nfd, nfkd, nfc, nfkc

        var isCompatibility: Bool { self == .nfkd || self == .nfkc }
        var composes: Bool { self == .nfc || self == .nfkc }
    }

    /// The normalized scalars and, for each, the index in the input of the scalar whose span
    /// the library gives it.
    public struct Normalized: Sendable, Equatable {
        public var scalars: [Unicode.Scalar] = []
        public var origins: [Int] = []
    }

    /// Normalizes `input[range]`; origins are indices into `input` (within `range`).
    public static func normalize(_ input: [Unicode.Scalar], range: Range<Int>? = nil, form: NormalizationForm) -> Normalized {
        let range = range ?? input.indices
        var stream: [TaggedScalar] = []
        stream.reserveCapacity(range.count)
        for index in range {
            let scalar = input[index]
            let properties = data.properties(scalar.value)
            let decomposes = form.isCompatibility ? Property.compatibilityDecomposes : Property.canonicalDecomposes
            if properties & decomposes.rawValue == 0 {
                stream.append(TaggedScalar(scalar: scalar, combiningClass: UInt8(truncatingIfNeeded: properties >> 24), change: 0))
                continue
            }
            for (offset, part) in decomposition(scalar, compatibility: form.isCompatibility).enumerated() {
                stream.append(TaggedScalar(scalar: part, combiningClass: combiningClass(part), change: offset == 0 ? 0 : 1))
            }
        }
        sortCombiningRuns(&stream)
        if form.composes { compose(&stream) }
        var result = Normalized()
        result.scalars.reserveCapacity(stream.count)
        result.origins.reserveCapacity(stream.count)
        // Position-based spans: a non-insertion takes the next input scalar (and skips the ones
        // it removes); an insertion repeats the last one taken.
        var next = range.lowerBound
        for item in stream {
            result.scalars.append(item.scalar)
            if item.change > 0 {
                result.origins.append(max(range.lowerBound, next - 1))
            } else {
                result.origins.append(min(next, max(range.lowerBound, range.upperBound - 1)))
                next += 1 - item.change
            }
        }
        return result
    }

    /// The normalized form of a string.
    public static func normalize(_ string: String, form: NormalizationForm) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: normalize(Array(string.unicodeScalars), form: form).scalars)
        return String(view)
    }

    struct TaggedScalar {
        var scalar: Unicode.Scalar
        var combiningClass: UInt8
        var change: Int
    }

    /// Stable-sorts every maximal run of non-starters by combining class (canonical ordering).
    static func sortCombiningRuns(_ stream: inout [TaggedScalar]) {
        var index = 0
        while index < stream.count {
            guard stream[index].combiningClass != 0 else {
                index += 1
                continue
            }
            let runStart = index
            while index < stream.count && stream[index].combiningClass != 0 { index += 1 }
            // Insertion sort: runs are a few marks long, and it is stable.
            var sorted = runStart + 1
            while sorted < index {
                let item = stream[sorted]
                var position = sorted
                while position > runStart && stream[position - 1].combiningClass > item.combiningClass {
                    stream[position] = stream[position - 1]
                    position -= 1
                }
                stream[position] = item
                sorted += 1
            }
        }
    }

    /// Canonical composition in place, as the library's recomposition iterator does it: the
    /// last starter absorbs every later scalar that composes with it and is not blocked.
    static func compose(_ stream: inout [TaggedScalar]) {
        var output: [TaggedScalar] = []
        output.reserveCapacity(stream.count)
        var starter: Int? = nil  // index in `output` of the composing starter
        var lastClass: UInt8? = nil  // class of the last scalar kept after the starter
        for item in stream {
            guard let starterIndex = starter else {
                output.append(item)
                if item.combiningClass == 0 { starter = output.count - 1 }
                continue
            }
            let blocked = lastClass.map { $0 >= item.combiningClass } ?? false
            if !blocked, let composite = composition(output[starterIndex].scalar, item.scalar) {
                output[starterIndex].scalar = composite
                output[starterIndex].change += item.change - 1
                continue
            }
            output.append(item)
            if item.combiningClass == 0 {
                starter = output.count - 1
                lastClass = nil
            } else {
                lastClass = item.combiningClass
            }
        }
        stream = output
    }
}
