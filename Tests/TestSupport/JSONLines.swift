import Foundation

public enum FixtureError: Error, CustomStringConvertible {
    case unreadable(URL, line: Int, reason: String)
    public var description: String {
        switch self {
        case let .unreadable(url, line, reason): "\(url.lastPathComponent):\(line): \(reason)"
        }
    }
}

/// Decodes every line of a JSON Lines fixture as `T`.
public func readJSONLines<T: Decodable>(_ url: URL, as type: T.Type = T.self) throws -> [T] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [T] = []
    let decoder = JSONDecoder()
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
        do {
            rows.append(try decoder.decode(T.self, from: Data(line.utf8)))
        } catch {
            throw FixtureError.unreadable(url, line: index + 1, reason: "\(error)")
        }
    }
    return rows
}

/// One line of a `tokens.jsonl` reference file.
public struct ReferenceTokens: Decodable, Sendable {
    public let text: String
    public let tokens: [String]
    public let ids: [Int32]
}

/// One line of an `offsets.jsonl` reference file: `[start, end)` per token, in Unicode
/// scalars of `text`, `[0, 0]` for special tokens.
public struct ReferenceOffsets: Decodable, Sendable {
    public let text: String
    public let offsets: [[Int]]
}

/// One line of an `embeddings.jsonl` reference file.
public struct ReferenceEmbedding: Decodable, Sendable {
    public let text: String
    public let embedding: [Float]
}

/// One line of `hidden_states.jsonl`: `hidden_states[0]` is the embedding output,
/// `hidden_states[k]` the output of encoder layer k, each `[tokens][hidden]`.
public struct ReferenceHiddenStates: Decodable, Sendable {
    public let text: String
    public let ids: [Int32]
    public let hidden_states: [[[Float]]]
}

/// A reference folder's `similarity.json`: `model.similarity(e, e)` over its first texts,
/// with the model's own similarity function.
public struct ReferenceSimilarity: Decodable, Sendable {
    public let similarity_fn_name: String
    public let texts: [String]
    public let matrix: [[Double]]
}
