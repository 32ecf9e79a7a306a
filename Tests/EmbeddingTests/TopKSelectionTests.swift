import Embedding
import Testing

/// Partial selection: the k best, best first, ties to the lower position.
@Suite struct TopKSelectionTests {
    @Test func handWorkedCase() {
        let scores: [Float] = [0.1, 0.9, 0.5, 0.9, -1]
        #expect(TopK.select(scores, k: 2) == [Neighbour(index: 1, score: 0.9), Neighbour(index: 3, score: 0.9)])
        #expect(TopK.select(scores, k: 3).map(\.index) == [1, 3, 2])
    }

    @Test func kLargerThanTheInputReturnsEverythingSorted() {
        #expect(TopK.select([0.2, 0.3, 0.1], k: 10).map(\.index) == [1, 0, 2])
    }

    @Test func nothingToSelect() {
        #expect(TopK.select([0.2], k: 0).isEmpty)
        #expect(TopK.select([], k: 3).isEmpty)
    }

    @Test func nanNeverBeatsARealScore() {
        let scores: [Float] = [.nan, -5, .nan, 0.3]
        #expect(TopK.select(scores, k: 2).map(\.index) == [3, 1])
        #expect(TopK.select(scores, k: 4).map(\.index) == [3, 1, 0, 2])
    }

    @Test func tiesAcrossTheHeapBoundaryGoToLowerPositions() {
        // Many equal scores: the first k positions must win.
        let scores = [Float](repeating: 0.5, count: 100)
        #expect(TopK.select(scores, k: 5).map(\.index) == [0, 1, 2, 3, 4])
    }

    /// Against a full sort, with coarse scores so that ties are common.
    @Test(arguments: [1, 2, 7, 64, 999, 1000, 1001])
    func matchesAFullSort(k: Int) {
        var state: UInt32 = 99
        let scores: [Float] = (0..<1000).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(Int(state >> 24) % 17) / 16 - 0.5
        }
        let expected = scores.enumerated()
            .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .prefix(k).map { Neighbour(index: $0.offset, score: $0.element) }
        #expect(TopK.select(scores, k: k) == Array(expected))
    }

    @Test func offsetAndMerge() {
        let left = [Float](arrayLiteral: 0.9, 0.1).withUnsafeBufferPointer { TopK.select($0, k: 2) }
        let right = [Float](arrayLiteral: 0.9, 0.95).withUnsafeBufferPointer { TopK.select($0, k: 2, indexOffset: 2) }
        #expect(TopK.merge([right, left], k: 3) == [
            Neighbour(index: 3, score: 0.95), Neighbour(index: 0, score: 0.9), Neighbour(index: 2, score: 0.9),
        ])
    }
}
