import Embedding
import ExplorerUI
import Foundation
import SpaceAnalysis
import VectorCache

/// The explorer's view of the open corpus's space: its statistics (`CorpusStatistics`, read
/// from the cache or computed once and stored) handed to the views as lookups, and search
/// after centring.
extension ExplorerCorpusEngine {
    public func space(ofCorpus name: String) throws -> ExplorerSpace? {
        guard var loaded = loadedLock.withLock({ loadedCorpus }), loaded.name == name else { return nil }
        let space: CorpusSpace
        if let known = loaded.space {
            space = known
        } else {
            let store = try CacheStores.open(location, writable: false)
            space = try CorpusStatistics.space(of: loaded.corpus, in: store)
            loaded.space = space
            let computed = loaded
            loadedLock.withLock { if loadedCorpus?.name == name { loadedCorpus = computed } }
        }
        let (coordinates, sampledFrom) = try Self.mapCoordinates(of: loaded.corpus, space: space, rowLimit: mapRowLimit)
        return Self.explorerSpace(space, corpus: name, model: model.name, similarityLabel: similarityLabel,
                                  rowMajorCoordinates: coordinates, mapSampledFrom: sampledFrom)
    }

    public func centredNeighbours(of vector: [Float], k: Int) throws -> [NeighbourItem] {
        guard var loaded = loadedLock.withLock({ loadedCorpus }) else { throw CorporaError.noCorpusOpen }
        if loaded.centredSearch == nil {
            // The first centred search reads the rows once for their centred norms (and the
            // space, if the explorer has not asked for it yet); later ones reuse them.
            if loaded.space == nil {
                loaded.space = try CorpusStatistics.space(of: loaded.corpus, in: try CacheStores.open(location, writable: false))
            }
            guard let space = loaded.space, space.items >= 2 else { throw ExplorerUIError.noCorpusStatistics }
            loaded.centredSearch = try CentredSearch(corpus: loaded.corpus, space: space)
            let built = loaded
            loadedLock.withLock { if loadedCorpus?.name == built.name { loadedCorpus = built } }
        }
        guard let search = loaded.centredSearch else { throw ExplorerUIError.noCorpusStatistics }
        return try neighbourItems(try search.search(vector, k: k), of: loaded)
    }

    /// The map's points, row-major [rows × `mapAxes`]: of every row, or of the statistics'
    /// seeded sample of `rowLimit` rows (read in place) when the corpus has more, with the
    /// corpus's item count then.
    static func mapCoordinates(of corpus: SearchableCorpus, space: CorpusSpace, rowLimit: Int?) throws
        -> (coordinates: [Float], sampledFrom: Int?) {
        guard space.axes.axes.count >= 2 else { return ([], nil) }
        let rows = try CorpusStatistics.rows(of: corpus)
        guard let rowLimit, rows.rows > rowLimit else { return (space.axes.coordinates(of: rows, count: mapAxes(space)), nil) }
        let positions = CorpusRows.samplePositions(rows: rows.rows, count: rowLimit, seed: CorpusSpace.rowSampleSeed)
        return (space.axes.coordinates(of: rows.matrix(of: positions), count: mapAxes(space)), rows.rows)
    }

    /// Four axes when the statistics kept four (PC3/PC4 as a second view), else two.
    static func mapAxes(_ space: CorpusSpace) -> Int {
        space.axes.axes.count >= 4 ? 4 : 2
    }

    /// The statistics as the explorer's views take them: lookups into the library's figures,
    /// and a reason for each part a corpus this small or this uniform cannot have.
    static func explorerSpace(_ space: CorpusSpace, corpus: String, model: String, similarityLabel: String,
                              rowMajorCoordinates: [Float], mapSampledFrom: Int? = nil) -> ExplorerSpace {
        let identity = "\(corpus) · \(model) · \(space.items) items"
        var result = ExplorerSpace(corpusName: corpus, itemCount: space.items)
        if space.items < 2 {
            result.scoresUnavailableReason = space.items == 0 ? "the corpus is empty" : "one item: no pairs to compare"
        } else {
            let sampledItems = space.isRowSampled ? space.analysedItems : nil
            result.scores = context(space.scores, identity: identity + " · raw", label: similarityLabel, sampledItems: sampledItems)
            result.centredScores = context(space.centredScores, identity: identity + " · centred", label: similarityLabel,
                                           sampledItems: sampledItems)
            let centring = space.centring
            result.centring = VectorCentring(identity: identity) { try? centring.centred($0) }
        }
        result.mapUnavailableReason = mapUnavailableReason(space)
        if result.mapUnavailableReason == nil {
            let used = mapAxes(space)
            let axes = space.axes
            var columns = [[Float]](repeating: [], count: used)
            for row in 0..<(rowMajorCoordinates.count / used) {
                for axis in 0..<used { columns[axis].append(rowMajorCoordinates[row * used + axis]) }
            }
            // Rounding leaves duplicates a variance of ~1e-15, not 0: judge by the points' spread.
            let spread = columns.prefix(2).map { axis in (axis.max() ?? 0) - (axis.min() ?? 0) }.max() ?? 0
            if !(spread > 1e-5) {
                result.mapUnavailableReason = "every vector is the same (duplicates): there is no variance to project"
                return result
            }
            result.projection = CorpusProjection(
                identity: identity, explainedRatios: Array(axes.explainedVarianceRatio.prefix(used)), coordinates: columns,
                sampledFrom: mapSampledFrom, project: { try? axes.coordinates(of: $0, count: used) })
            if result.projection == nil { result.mapUnavailableReason = "its points are not finite numbers" }
        }
        return result
    }

    /// Why `space` has no map, or nil when it has one.
    static func mapUnavailableReason(_ space: CorpusSpace) -> String? {
        switch space.items {
        case 0: return "the corpus is empty"
        case 1: return "one item: a map needs at least three"
        case 2: return "two items: a map needs at least three"
        default: break
        }
        let variance = space.axes.explainedVarianceRatio.reduce(0, +)
        guard variance > 0, variance.isFinite else {
            return "every vector is the same (duplicates): there is no variance to project"
        }
        guard space.axes.axes.count >= 2 else { return "fewer than two principal axes" }
        return nil
    }

    private static func context(_ distribution: ScoreDistribution, identity: String, label: String,
                                sampledItems: Int?) -> PairScoreContext? {
        guard distribution.hasPairs, let median = distribution.score(atPercentile: 50) else { return nil }
        return PairScoreContext(identity: identity, pairCount: distribution.pairs, isSampled: !distribution.isExact,
                                sampledItems: sampledItems, similarityLabel: label, median: Float(median),
                                percentBelow: { distribution.percentile(of: Double($0)) })
    }
}
