import Teaching

extension SentenceTransformer {
    /// MultipleNegativesRankingLoss of (anchor, positive) pairs as training would see them:
    /// the texts encoded with this model (and `prompt`), scored with its similarity function,
    /// cut into consecutive batches of `batchSize`, each its own softmax.
    public func multipleNegativesRankingLoss(
        anchors: [String], positives: [String], scale: Double = MultipleNegativesRankingLoss.defaultScale,
        batchSize: Int = MultipleNegativesRankingLoss.trainingBatchSize, prompt: PromptChoice = .modelDefault
    ) throws -> [MNRLBatch] {
        precondition(anchors.count == positives.count, "one positive per anchor")
        let anchorVectors = try encode(anchors, prompt: prompt)
        let positiveVectors = try encode(positives, prompt: prompt)
        let similarity = similarityFunction
        return try MultipleNegativesRankingLoss(scale: scale).inBatches(count: anchors.count, batchSize: batchSize) { i, j in
            similarity.score(anchorVectors[i], positiveVectors[j])
        }
    }
}
