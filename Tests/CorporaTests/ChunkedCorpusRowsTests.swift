import Corpora
import Embedding
import Foundation
import HalfFloat
import SpaceAnalysis
import Testing

/// The map's coordinates and centred search read the rows a chunk at a time from their
/// storage: the same answers as the whole-matrix f32 copies they replace.
@Suite struct ChunkedCorpusRowsTests {
    private let dimension = 24

    /// Seeded rows with a shared offset, one zero row (position 3) and more than two chunks.
    private func storage(rows: Int, half: Bool) -> MatrixStorage {
        var generator = SeededGenerator(seed: 11)
        var values = [Float](repeating: 0, count: rows * dimension)
        for index in values.indices {
            let offset: Float = index % 3 == 0 ? 0.8 : -0.2
            let spread = Float(1 + index % 5)
            values[index] = offset + Float.random(in: -1 ... 1, using: &generator) * spread
        }
        for t in 0 ..< dimension { values[3 * dimension + t] = 0 }
        return half ? .f16(HalfKernels.encode(values)) : .f32(values)
    }

    private func similarity(_ scoring: PairScoring) -> SimilarityFunction {
        switch scoring {
        case .cosine: .cosine
        case .dot: .dot
        case .euclidean: .euclidean
        case .manhattan: .manhattan
        }
    }

    @Test(arguments: [false, true])
    func coordinatesChunkByChunkEqualTheWholeMatrixs(half: Bool) throws {
        let rows = 2 * CorpusRows.chunkRows + 777
        for scoring in PairScoring.allCases {
            let source = try CorpusRows(rows: rows, dimension: dimension, storage: storage(rows: rows, half: half), scoring: scoring)
            let whole = source.matrix()
            // Any axes will do: those of the first 600 rows (all of whose pairs are cheap to score).
            let space = try CorpusSpace.compute(source.matrix(of: Array(0 ..< 600)), workers: 2)
            let chunked = space.axes.coordinates(of: source, count: 4)
            let copied = space.axes.coordinates(of: whole, count: 4)
            #expect(chunked.count == rows * 4)
            #expect(chunked == copied, "\(scoring): largest difference \(zip(chunked, copied).map { abs($0 - $1) }.max() ?? 0)")
        }
    }

    /// What centred search did before: a centred f32 copy of every row, searched exactly.
    private func searchOfTheCentredCopy(_ source: CorpusRows, _ centring: CorpusCentring, _ query: [Float], k: Int) throws -> [Neighbour] {
        let copy = source.matrix().centred(by: centring)
        let search = try #require(NeighbourSearch(rows: copy.rows, dimension: copy.dimension, storage: .f32(copy.values),
                                                  rowsAreUnitLength: true, similarity: similarity(source.scoring)))
        return search.search(try centring.centred(query), k: k)
    }

    @Test(arguments: [false, true])
    func centredScoresEqualThoseOfTheCentredCopy(half: Bool) throws {
        let rows = 2 * CorpusRows.chunkRows + 777
        var generator = SeededGenerator(seed: 12)
        for scoring in PairScoring.allCases {
            let source = try CorpusRows(rows: rows, dimension: dimension, storage: storage(rows: rows, half: half), scoring: scoring)
            let space = try CorpusSpace.compute(source.matrix(of: Array(0 ..< 600)), workers: 2)
            let centred = try CentredRows(source: source, centring: space.centring, workers: 2)
            for _ in 0 ..< 3 {
                let query = (0 ..< dimension).map { _ in Float.random(in: -2 ... 2, using: &generator) }
                let expected = try searchOfTheCentredCopy(source, space.centring, query, k: rows)
                let scores = centred.scores(centredQuery: try space.centring.centred(query))
                #expect(scores.count == rows)
                // Products are regrouped ((s·x)·q − mean·q)/‖u − mean‖ instead of ((s·x − mean)/‖…‖)·q:
                // the same to float rounding (scores of at most 1 here: 1e-5 is ~100 ulps). Distances
                // are computed exactly as before.
                let tolerance: Float = scoring == .cosine || scoring == .dot ? 1e-5 : 0
                var largest: Float = 0
                for hit in expected { largest = max(largest, abs(scores[hit.index] - hit.score)) }
                #expect(largest <= tolerance, "\(scoring): largest difference \(largest)")
                let top = TopK.select(scores, k: 10)
                #expect(top.map(\.index) == expected.prefix(10).map(\.index), "\(scoring)")
            }
        }
    }
}
