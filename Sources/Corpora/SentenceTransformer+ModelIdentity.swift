import Embedding
import VectorCache

extension SentenceTransformer {
    /// What the cache keys this model's vectors by: the weights hash (remembered by the
    /// store per path, size and time) and everything else that changes a vector.
    public func identity(in store: VectorStore) throws -> ModelIdentity {
        ModelIdentity(name: name, dimension: dimension, weightsSHA256: try store.weightsSHA256(of: weightsFile),
                      components: fingerprintComponents())
    }
}
