import ExplorerUI
import Foundation
import VectorArithmetic

/// A tiny deterministic engine: a token's state is its letter counts (26-d), the sentence
/// vector is the mean of its token states (mean pooling), so shares sum to the cosine just
/// as with the real model. Words longer than five letters split into "abcd" "##ef…"
/// wordpieces; at most `maximumTokens` tokens reach the "model", the rest are truncated.
struct FakeExplorerEngine: ExplorerEngine {
    struct Encoded: Sendable {
        var analysis: SentenceAnalysis
        /// `[modelTokens × 26]`
        var states: [[Float]]
    }

    var corpusTexts: [String: [String]] = FakeExplorerEngine.defaultCorpora
    var maximumTokens = 16
    /// When set, every encode waits at this gate: a test knows an encode is running, and
    /// decides when it ends, without sleeping.
    var encodeGate: EncodeGate? = nil
    var failingText: String? = nil
    let openCorpusName = OpenCorpus()
    /// Texts passed to `encode`, in order (neighbour scoring included).
    let encodedTexts = EncodedTexts()

    final class EncodedTexts: @unchecked Sendable {
        private let lock = NSLock()
        private var texts: [String] = []
        func append(_ text: String) { lock.lock(); texts.append(text); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return texts }
    }

    /// Holds encodes until opened; counts the encodes that reached it.
    final class EncodeGate: @unchecked Sendable {
        private let condition = NSCondition()
        private var isOpen = false
        private var arrivals = 0

        func pass() {
            condition.lock()
            arrivals += 1
            condition.broadcast()
            // Bounded: a test that never opens the gate fails instead of hanging the run.
            let deadline = Date().addingTimeInterval(60)
            while !isOpen, condition.wait(until: deadline) {}
            condition.unlock()
        }

        /// Waits until `count` encodes have reached the gate; false after `seconds`.
        func waitForArrivals(_ count: Int, seconds: Double = 60) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(seconds)
            while arrivals < count { if !condition.wait(until: deadline) { return arrivals >= count } }
            return true
        }

        func open() {
            condition.lock()
            isOpen = true
            condition.broadcast()
            condition.unlock()
        }
    }

    final class OpenCorpus: @unchecked Sendable {
        private let lock = NSLock()
        private var name: String?
        var value: String? {
            get { lock.lock(); defer { lock.unlock() }; return name }
            set { lock.lock(); name = newValue; lock.unlock() }
        }
    }

    static let defaultCorpora: [String: [String]] = [
        "fruit": [
            "An apple a day keeps the doctor away.",
            "Bananas are rich in potassium.",
            "She sliced a ripe mango for breakfast.",
            "The orchard grows apples and pears.",
            "Citrus fruit such as lemons is sour.",
            "Grapes are dried to make raisins.",
        ],
        "weather": [
            "It is raining heavily in the city.",
            "A cold wind blows from the north.",
        ],
    ]

    var modelDescription: String { "fake-letters · 26-d" }

    func encode(_ text: String) throws -> Encoded {
        encodeGate?.pass()
        encodedTexts.append(text)
        if let failingText, text == failingText { throw FakeError.cannotEncode(text) }
        var tokens = [AnalysedToken(text: "[CLS]", start: 0, end: 0, isSpecial: true)]
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard CharacterSet.letters.contains(scalars[index]) || CharacterSet.punctuationCharacters.contains(scalars[index]) else {
                index += 1
                continue
            }
            if CharacterSet.punctuationCharacters.contains(scalars[index]) {
                tokens.append(AnalysedToken(text: String(scalars[index]), start: index, end: index + 1))
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, CharacterSet.letters.contains(scalars[index]) { index += 1 }
            let word = String(String.UnicodeScalarView(scalars[start..<index])).lowercased()
            if word.count > 5 {
                tokens.append(AnalysedToken(text: String(word.prefix(4)), start: start, end: start + 4))
                tokens.append(AnalysedToken(text: "##" + word.dropFirst(4), start: start + 4, end: index))
            } else {
                tokens.append(AnalysedToken(text: word, start: start, end: index))
            }
        }
        var kept = Array(tokens.prefix(maximumTokens - 1))
        let cut = tokens.dropFirst(maximumTokens - 1).map { token -> AnalysedToken in
            var copy = token
            copy.isTruncated = true
            return copy
        }
        kept.append(AnalysedToken(text: "[SEP]", start: scalars.count, end: scalars.count, isSpecial: true))
        let states = kept.map(Self.state)
        var vector = [Float](repeating: 0, count: 26)
        for state in states { for d in 0..<26 { vector[d] += state[d] / Float(states.count) } }
        return Encoded(analysis: SentenceAnalysis(text: text, tokens: kept.dropLast() + cut + [kept[kept.count - 1]],
                                                  vector: vector), states: states)
    }

    /// Letter counts of a token; special tokens get a small constant state.
    static func state(_ token: AnalysedToken) -> [Float] {
        if token.isSpecial { return [Float](repeating: 0.1, count: 26) }
        var counts = [Float](repeating: 0, count: 26)
        for scalar in token.text.lowercased().unicodeScalars where scalar.value >= 97 && scalar.value < 123 {
            counts[Int(scalar.value - 97)] += 1
        }
        if counts.allSatisfy({ $0 == 0 }) { counts[25] = 0.5 }  // punctuation
        return counts
    }

    func analysis(of encoded: Encoded) -> SentenceAnalysis { encoded.analysis }

    func shares(of encoded: Encoded, toward vector: [Float]) -> [Float] {
        let u = encoded.analysis.vector
        let n = Float(encoded.states.count)
        let normU = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let normV = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard normU > 0, normV > 0 else { return encoded.states.map { _ in 0 } }
        return encoded.states.map { h in zip(h, vector).reduce(0) { $0 + $1.0 * $1.1 } / (n * normU * normV) }
    }

    func neighbours(of vector: [Float], k: Int) throws -> [NeighbourItem] {
        guard let name = openCorpusName.value, let texts = corpusTexts[name] else { throw FakeError.noCorpus }
        let scored = try texts.enumerated().map { index, text -> NeighbourItem in
            let v = try encode(text).analysis.vector
            return NeighbourItem(text: text, id: "\(name)-\(index + 1)", score: Float(VectorMath.cosine(vector, v)), vector: v)
        }
        return Array(scored.sorted { $0.score > $1.score }.prefix(k))
    }

    func corpora() throws -> [CorpusInfo] {
        corpusTexts.keys.sorted().map { CorpusInfo(name: $0, itemCount: corpusTexts[$0]?.count ?? 0, isIndexed: $0 == "fruit") }
    }

    func openCorpus(named name: String, progress: @escaping @Sendable (IndexingProgress) -> Void) throws -> CorpusInfo {
        guard let texts = corpusTexts[name] else { throw FakeError.unknownCorpus(name) }
        for done in 0...texts.count { progress(IndexingProgress(corpus: name, done: done, total: texts.count)) }
        openCorpusName.value = name
        return CorpusInfo(name: name, itemCount: texts.count, isIndexed: true)
    }
}

enum FakeError: Error, CustomStringConvertible {
    case cannotEncode(String), noCorpus, unknownCorpus(String)
    var description: String {
        switch self {
        case .cannotEncode(let text): "cannot encode “\(text)”"
        case .noCorpus: "no corpus open"
        case .unknownCorpus(let name): "no corpus named \(name)"
        }
    }
}
