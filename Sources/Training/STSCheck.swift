import Embedding
import TextInput

/// The evaluator slot of fit(): Spearman correlation between the cosine of each STS pair's
/// vectors (current weights, no dropout) and its gold score, as `eval sts` reports it.
public enum STSCheck {
    public static func spearman(_ model: TrainableSentenceModel, pairs: [STSPair], batchSize: Int = 32) throws -> Double {
        let sentences = STSPairs.distinctSentences(of: pairs)
        var vectors: [String: [Float]] = [:]
        var start = 0
        while start < sentences.count {
            let chunk = Array(sentences[start..<min(start + batchSize, sentences.count)])
            for (sentence, vector) in zip(chunk, model.embed(chunk)) { vectors[sentence] = vector }
            start += batchSize
        }
        let cosines = pairs.map { pair -> Double in
            let x = vectors[pair.first] ?? [], y = vectors[pair.second] ?? []
            var dot = 0.0, xx = 0.0, yy = 0.0
            for (a, b) in zip(x, y) {
                dot += Double(a) * Double(b)
                xx += Double(a) * Double(a)
                yy += Double(b) * Double(b)
            }
            return dot / max((xx * yy).squareRoot(), 1e-12)
        }
        return try RankCorrelation.spearman(cosines, pairs.map(\.score))
    }
}
