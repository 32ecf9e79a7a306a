import Foundation
import HalfFloat

/// What a corpus's vectors look like as a whole, computed once per corpus and model and
/// stored with the corpus: how its pair scores are distributed (as they are, and after
/// centring), its mean vector (for centring) and its principal axes (for the map).
public struct CorpusSpace: Sendable, Equatable {
    public let items: Int
    public let dimension: Int
    public let scoring: PairScoring
    /// The model's scores of the corpus's pairs.
    public let scores: ScoreDistribution
    /// The same pairs scored after centring.
    public let centredScores: ScoreDistribution
    public let centring: CorpusCentring
    public let axes: PrincipalAxes

    public init(items: Int, dimension: Int, scoring: PairScoring, scores: ScoreDistribution, centredScores: ScoreDistribution,
                centring: CorpusCentring, axes: PrincipalAxes) {
        self.items = items
        self.dimension = dimension
        self.scoring = scoring
        self.scores = scores
        self.centredScores = centredScores
        self.centring = centring
        self.axes = axes
    }

    /// The distribution a score belongs to: the centred one when the score was centred.
    public func distribution(centred: Bool) -> ScoreDistribution { centred ? centredScores : scores }

    /// Stages of `compute`, for progress lines.
    public enum Stage: String, Sendable {
        case pairScores = "pair scores"
        case centredPairScores = "centred pair scores"
        case principalAxes = "principal axes"
    }

    /// Computes everything from a corpus matrix. `progress(stage, done, total)` is called
    /// from worker threads as work units finish.
    public static func compute(rows: Int, dimension: Int, storage: MatrixStorage, scoring: PairScoring,
                               workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               progress: (@Sendable (Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace {
        let matrix = try ScoringMatrix(rows: rows, dimension: dimension, storage: storage, scoring: scoring)
        return try compute(matrix, workers: workers, progress: progress)
    }

    /// As above, from rows already prepared for scoring.
    public static func compute(_ matrix: ScoringMatrix, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                               progress: (@Sendable (Stage, Int, Int) -> Void)? = nil) throws -> CorpusSpace {
        let mean = CorpusCentring.mean(of: matrix)
        let centring = CorpusCentring(mean: mean, normalizesFirst: matrix.scoring.isDirectional)
        let scores = PairScores.distribution(of: matrix, workers: workers) { progress?(.pairScores, $0, $1) }
        let centred = PairScores.distribution(of: matrix.centred(by: centring), workers: workers) {
            progress?(.centredPairScores, $0, $1)
        }
        progress?(.principalAxes, 0, 1)
        let axes = try PrincipalAxes.compute(of: matrix, mean: mean)
        progress?(.principalAxes, 1, 1)
        return CorpusSpace(items: matrix.rows, dimension: matrix.dimension, scoring: matrix.scoring, scores: scores,
                           centredScores: centred, centring: centring, axes: axes)
    }
}
