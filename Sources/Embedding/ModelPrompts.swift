import Foundation

/// Which prompt to prepend to the texts of one `encode` call, as sentence-transformers'
/// `encode(prompt=, prompt_name=)` chooses it.
public enum PromptChoice: Sendable, Hashable {
    /// `default_prompt_name`'s prompt when the model names one, else none.
    case modelDefault
    /// A prompt of config_sentence_transformers.json `prompts`, by name.
    case named(String)
    /// This literal text ("" for none, overriding the default).
    case text(String)
}

/// A prompt as it will be applied.
public struct ResolvedPrompt: Sendable, Hashable {
    /// The name in `prompts`, nil for a literal prompt or none.
    public let name: String?
    /// Prepended to every text; "" applies nothing.
    public let text: String

    public static let none = ResolvedPrompt(name: nil, text: "")

    public init(name: String?, text: String) {
        self.name = name
        self.text = text
    }

    /// e.g. `query ("query: ")`, `"Represent this: "` or `none`.
    public var description: String {
        if text.isEmpty { return name.map { "\($0) (empty)" } ?? "none" }
        let quoted = "\"" + text + "\""
        return name.map { "\($0) (\(quoted))" } ?? quoted
    }
}

/// config_sentence_transformers.json: the prompts, the default prompt and the similarity
/// function. An absent file is a model without prompts that scores by cosine.
struct ModelPrompts: Equatable {
    /// The config file (for errors), nil when absent.
    let path: String?
    let prompts: [String: String]
    /// The names in file order, for messages.
    let names: [String]
    let defaultPromptName: String?
    let similarity: SimilarityFunction

    static let absent = ModelPrompts(path: nil, prompts: [:], names: [], defaultPromptName: nil, similarity: .cosine)

    static func load(_ url: URL, record: (URL, [UInt8]) -> Void) throws -> ModelPrompts {
        guard ConfigFile.exists(url) else { return .absent }
        let file = try ConfigFile.read(url, record: record)
        let config = try file.object()
        var prompts: [String: String] = [:]
        var names: [String] = []
        // SentenceTransformer reads config.get("prompts", {}), config.get("default_prompt_name")
        // and config.get("similarity_fn_name") (None → cosine).
        if let object = try config.optionalObject("prompts") {
            for name in object.keys {
                // A null prompt is skipped, as the loader's `self.prompts[name] is None` check lets it be.
                guard let text = try object.optionalString(name) else { continue }
                prompts[name] = text
                names.append(name)
            }
        }
        let defaultName = try config.optionalString("default_prompt_name")
        // sentence-transformers refuses a default_prompt_name that is not a key of "prompts".
        if let defaultName, prompts[defaultName] == nil {
            throw EmbeddingError.invalidField(
                path: url.path, field: "default_prompt_name",
                reason: "names prompt \"\(defaultName)\", which \"prompts\" does not define\(Self.definedList(names))")
        }
        var similarity = SimilarityFunction.cosine
        if let name = try config.optionalString("similarity_fn_name") {
            guard let function = SimilarityFunction(rawValue: name) else {
                throw EmbeddingError.invalidField(
                    path: url.path, field: "similarity_fn_name",
                    reason: "is \"\(name)\" (supported: \(SimilarityFunction.allCases.map(\.name).joined(separator: ", ")))")
            }
            similarity = function
        }
        return ModelPrompts(path: url.path, prompts: prompts, names: names, defaultPromptName: defaultName, similarity: similarity)
    }

    /// The prompt `choice` selects (`_resolve_prompt`).
    func resolve(_ choice: PromptChoice) throws -> ResolvedPrompt {
        switch choice {
        case .modelDefault:
            guard let name = defaultPromptName, let text = prompts[name] else { return .none }
            return ResolvedPrompt(name: name, text: text)
        case let .named(name):
            guard let text = prompts[name] else {
                throw EmbeddingError.unknownPrompt(path: path, name: name, defined: names)
            }
            return ResolvedPrompt(name: name, text: text)
        case let .text(text):
            return ResolvedPrompt(name: nil, text: text)
        }
    }

    /// `encode_document`'s default: the first of "document", "passage", "corpus" defined.
    var documentPromptName: String? { ["document", "passage", "corpus"].first { prompts[$0] != nil } }

    /// `encode_query`'s default: "query" when defined.
    var queryPromptName: String? { prompts["query"] != nil ? "query" : nil }

    static func definedList(_ names: [String]) -> String {
        names.isEmpty ? " (it defines none)" : " (defined: \(names.joined(separator: ", ")))"
    }
}
