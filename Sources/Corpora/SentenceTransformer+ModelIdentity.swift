import Embedding
import Foundation
import VectorCache

extension SentenceTransformer {
    /// What the cache keys this model's vectors by: the weights hash (remembered by the
    /// store per path, size and time) and everything else that changes a vector, the prompt
    /// prepended to the texts included. No prompt adds no component, so caches built before
    /// prompts existed keep their keys.
    public func identity(in store: any CacheStore, prompt: ResolvedPrompt = .none) throws -> ModelIdentity {
        var components = fingerprintComponents()
        if !prompt.text.isEmpty { components[Self.promptComponent] = prompt.text }
        return ModelIdentity(name: name, dimension: dimension, weightsSHA256: try store.weightsSHA256(of: weightsFile),
                             components: components)
    }

    /// The prompt a corpus' items were encoded with, from its model record ("" for none).
    public static func recordedPrompt(of corpus: CorpusRecord) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(corpus.model.details.utf8)) as? [String: Any],
              let prompt = object[promptComponent] as? String else { return "" }
        return prompt
    }

    public static let promptComponent = "prompt"

    /// Tells the user once (stderr) which prompt a command prepends, when there is one.
    public func announcePrompt(_ prompt: ResolvedPrompt, for purpose: String) {
        let definesPrompts = promptNames.contains { (try? resolvePrompt(.named($0)).text.isEmpty) == false }
        guard !prompt.text.isEmpty || definesPrompts else { return }
        FileHandle.standardError.write(Data("\(purpose): prompt \(prompt.description)\n".utf8))
    }
}
