import Foundation
import HalfFloat

/// What a corpus's vectors look like as a whole, computed once per corpus and model and
/// stored with the corpus: how its pair scores are distributed (as they are, and after
/// centring), its mean vector (for centring) and its principal axes (for the map).
///
/// Up to `rowLimit` items every row takes part. Above it the pair scores and the axes come
/// from a seeded uniform sample of `rowLimit` rows, read in place from the corpus's storage
/// (only those rows are widened to f32), while the mean is still taken over every row, a
/// chunk at a time, so centring is exact. Time and memory then stay those of `rowLimit`
/// rows (and one chunk for the mean), whatever the corpus's size.
public struct CorpusSpace: Sendable, Equatable {
    /// Rows above which the figures come from a sample of this many rows.
    public static let rowLimit = 100_000
    /// The row sample's seed: the same rows on every run.
    public static let rowSampleSeed: UInt64 = 0x5345_4D42_524F_5753

    public let items: Int
    /// Rows the pair scores and the axes come from: every item, or the sample.
    public let analysedItems: Int
    /// The row sample's seed; nil when every row was used.
    public let rowSeed: UInt64?
    public let dimension: Int
    public let scoring: PairScoring
    /// The model's scores of the corpus's pairs.
    public let scores: ScoreDistribution
    /// The same pairs scored after centring.
    public let centredScores: ScoreDistribution
    public let centring: CorpusCentring
    public let axes: PrincipalAxes

    public init(items: Int, analysedItems: Int? = nil, rowSeed: UInt64? = nil, dimension: Int, scoring: PairScoring,
                scores: ScoreDistribution, centredScores: ScoreDistribution, centring: CorpusCentring, axes: PrincipalAxes) {
        self.items = items
        self.analysedItems = analysedItems ?? items
        self.rowSeed = rowSeed
        self.dimension = dimension
        self.scoring = scoring
        self.scores = scores
        self.centredScores = centredScores
        self.centring = centring
        self.axes = axes
    }

    /// Whether the pair scores and axes come from a sample of the rows.
    public var isRowSampled: Bool { rowSeed != nil }

    /// The distribution a score belongs to: the centred one when the score was centred.
    public func distribution(centred: Bool) -> ScoreDistribution { centred ? centredScores : scores }

    /// Stages of `compute`, for progress lines.
    public enum Stage: String, Sendable {
        /// The mean over every row of a corpus above `rowLimit` (a streaming pass).
        case mean = "mean vector"
        case pairScores = "pair scores"
        case centredPairScores = "centred pair scores"
        case principalAxes = "principal axes"
    }

    /// Computes everything from a corpus's storage: from every row up to `rowLimit` rows (the
    /// figures of `compute(_:)` on the whole matrix, bit for bit), else from a sample of
    /// `rowLimit` rows with the mean over all rows. `progress(stage, done, total)` is called
    /// from worker threads as work units finish.
    public static func compute(rows: Int, dimension: Int, storage: MatrixStorage, scoring: PairScoring,
                               rowLimit: Int = CorpusSpace.rowLimit,
                               workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               progress: (@Sendable (Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace {
        let source = try CorpusRows(rows: rows, dimension: dimension, storage: storage, scoring: scoring)
        return try compute(source, rowLimit: rowLimit, workers: workers, progress: progress)
    }

    /// As above, from a row source.
    public static func compute(_ source: CorpusRows, rowLimit: Int = CorpusSpace.rowLimit,
                               workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               progress: (@Sendable (Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace {
        let limit = max(2, rowLimit)
        guard source.rows > limit else { return try compute(source.matrix(), workers: workers, progress: progress) }
        let positions = CorpusRows.samplePositions(rows: source.rows, count: limit, seed: rowSampleSeed)
        let sample = source.matrix(of: positions)
        let mean = source.mean(workers: workers) { progress?(.mean, $0, $1) }
        let centring = CorpusCentring(mean: mean, normalizesFirst: source.scoring.isDirectional)
        let totalPairs = PairSample.totalPairs(items: source.rows)
        // The sample's pairs stand for the corpus's: the total is the corpus's, and the seed
        // says they were drawn (the row sample's, when every pair of the sample was scored).
        func corpusWide(_ d: ScoreDistribution) -> ScoreDistribution {
            ScoreDistribution(pairs: d.pairs, totalPairs: totalPairs, seed: d.seed ?? rowSampleSeed, mean: d.mean,
                              minimum: d.minimum, maximum: d.maximum, quantiles: d.quantiles)
        }
        let (scores, centred, axes) = try analyse(sample, centring: centring, workers: workers, progress: progress)
        return CorpusSpace(items: source.rows, analysedItems: sample.rows, rowSeed: rowSampleSeed, dimension: source.dimension,
                           scoring: source.scoring, scores: corpusWide(scores), centredScores: corpusWide(centred),
                           centring: centring, axes: axes)
    }

    /// Computes everything from every row of a matrix already prepared for scoring.
    public static func compute(_ matrix: ScoringMatrix, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               progress: (@Sendable (Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace {
        let mean = CorpusCentring.mean(of: matrix)
        let centring = CorpusCentring(mean: mean, normalizesFirst: matrix.scoring.isDirectional)
        let (scores, centred, axes) = try analyse(matrix, centring: centring, workers: workers, progress: progress)
        return CorpusSpace(items: matrix.rows, dimension: matrix.dimension, scoring: matrix.scoring, scores: scores,
                           centredScores: centred, centring: centring, axes: axes)
    }

    /// The pair scores (as they are and centred) and principal axes of `matrix`'s rows.
    private static func analyse(_ matrix: ScoringMatrix, centring: CorpusCentring, workers: Int,
                                progress: (@Sendable (Stage, Int, Int) -> Void)?) throws
        -> (scores: ScoreDistribution, centred: ScoreDistribution, axes: PrincipalAxes) {
        // The centred rows' pairs are the same pairs: drawn once.
        let pairs = PairScores.sampledPairs(items: matrix.rows)
        let scores = PairScores.distribution(of: matrix, workers: workers, drawn: pairs) { progress?(.pairScores, $0, $1) }
        let centred = PairScores.distribution(of: matrix.centred(by: centring), workers: workers, drawn: pairs) {
            progress?(.centredPairScores, $0, $1)
        }
        progress?(.principalAxes, 0, 1)
        let axes = try PrincipalAxes.compute(of: matrix, mean: centring.mean)
        progress?(.principalAxes, 1, 1)
        return (scores, centred, axes)
    }
}
