import Foundation

/// The forward pass of sentence-transformers' MultipleNegativesRankingLoss (its defaults:
/// one direction, anchor → candidates): row i of the batch scores anchor i against every
/// positive, the scores are multiplied by `scale`, and the loss is the cross-entropy of each
/// row's softmax with its own positive (column i) as the label, averaged over the rows.
/// Every other positive in the batch serves as a negative for anchor i.
///
/// It starts from raw similarity scores so any similarity function (the model's) can feed it;
/// everything is Double so the training gradient can be built on the same figures.
public struct MultipleNegativesRankingLoss: Sendable, Hashable {
    /// sentence-transformers' default scale (the inverse temperature).
    public static let defaultScale = 20.0
    /// The batch size the project's seed model was trained with: `inBatches` cuts by it.
    public static let trainingBatchSize = 32

    public let scale: Double

    public init(scale: Double = MultipleNegativesRankingLoss.defaultScale) {
        self.scale = scale
    }

    /// The loss of one batch. `scores[i][j]` is the unscaled similarity of anchor i and
    /// positive j; the matrix must be square (one positive per anchor) and non-empty.
    public func forward(scores: [[Double]]) throws(TeachingError) -> MNRLBatch {
        let size = scores.count
        guard size > 0 else { throw .emptyBatch }
        for (index, row) in scores.enumerated() where row.count != size {
            throw .notSquare(row: index, columns: row.count, rows: size)
        }
        guard scale.isFinite, scale > 0 else { throw .invalidScale(scale) }
        let rows = scores.indices.map { i in row(i, scaled: scores[i].map { $0 * scale }) }
        let mean = rows.reduce(0.0) { $0 + $1.loss } / Double(size)
        return MNRLBatch(scale: scale, rows: rows, loss: mean)
    }

    /// The loss as training sees a long list of pairs: consecutive batches of `batchSize`
    /// (the last one may be smaller), each its own softmax. `score(i, j)` is the unscaled
    /// similarity of anchor i and positive j, indices into the whole list.
    public func inBatches(
        count: Int, batchSize: Int = MultipleNegativesRankingLoss.trainingBatchSize,
        score: (Int, Int) -> Double
    ) throws(TeachingError) -> [MNRLBatch] {
        guard count > 0 else { throw .emptyBatch }
        guard batchSize > 0 else { throw .invalidBatchSize(batchSize) }
        var batches: [MNRLBatch] = []
        var start = 0
        while start < count {
            let end = min(start + batchSize, count)
            let matrix = (start..<end).map { i in (start..<end).map { j in score(i, j) } }
            var batch = try forward(scores: matrix)
            batch.firstPairIndex = start
            batches.append(batch)
            start = end
        }
        return batches
    }

    /// One row: softmax by subtracting the row's maximum (no overflow at any scale), and the
    /// loss as log-sum-exp minus the positive's score, which stays exact when p is tiny.
    private func row(_ i: Int, scaled: [Double]) -> MNRLRow {
        let top = scaled.max() ?? 0
        let exponentials = scaled.map { exp($0 - top) }
        let total = exponentials.reduce(0, +)
        let probabilities = exponentials.map { $0 / total }
        let logSumExp = top + log(total)
        var hardest: Int? = nil
        for j in scaled.indices where j != i {
            if let current = hardest, scaled[current] >= scaled[j] { continue }
            hardest = j
        }
        return MNRLRow(
            anchorIndex: i, scaledScores: scaled, probabilities: probabilities,
            loss: logSumExp - scaled[i], hardestNegative: hardest)
    }
}
