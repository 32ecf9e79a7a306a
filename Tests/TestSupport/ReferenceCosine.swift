import Foundation

/// Cosine similarities computed in Double from a model's `embeddings.jsonl` (written by
/// sentence-transformers), so a test of the library's cosine has a reference that does not
/// go through the library.
public struct ReferenceCosines: Sendable {
    private let embeddings: [String: [Float]]

    public init(directory: URL) throws {
        let rows = try readJSONLines(directory.appendingPathComponent("embeddings.jsonl"), as: ReferenceEmbedding.self)
        embeddings = Dictionary(rows.map { ($0.text, $0.embedding) }, uniquingKeysWith: { first, _ in first })
    }

    /// `nil` when either text is not in the reference.
    public func cosine(_ a: String, _ b: String) -> Double? {
        guard let u = embeddings[a], let v = embeddings[b] else { return nil }
        func dot(_ x: [Float], _ y: [Float]) -> Double { zip(x, y).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        return dot(u, v) / (dot(u, u).squareRoot() * dot(v, v).squareRoot())
    }

    public func embedding(of text: String) -> [Float]? { embeddings[text] }
}
