/// What the safetensors entry builds a model with.
enum FuzzSafeTensors {
    /// A BERT small enough that a fuzz input can hold all its weights (the seeds do).
    static let configuration: BertConfiguration = {
        do {
            return try BertConfiguration(hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8,
                                         maxPositionEmbeddings: 8, typeVocabSize: 2, vocabSize: 8)
        } catch {
            fatalError("fuzz harness configuration is invalid: \(error)")
        }
    }()
}
