import VectorArithmetic
import Foundation
import Testing
import TestSupport

/// Overlap, Spearman of the shared ranks and rank shifts against scipy
/// (`Tests/Fixtures/generators/neighbour_comparison.py`).
struct NeighbourComparisonTests {
    private struct Case: Decodable {
        let name: String
        let a: [Int]
        let b: [Int]
        let overlap: Int
        let spearman: Double?
        let shift_a: [Int?]
        let shift_b: [Int?]
    }

    private static func cases() throws -> [Case] {
        let url = Fixtures.root.appendingPathComponent("reference/comparison/rank-comparisons.json")
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    private static func compared(_ reference: Case) -> NeighbourComparison<Int> {
        // Scores fall with the rank, as a search returns them.
        NeighbourComparison(a: reference.a.enumerated().map { ($1, 1 - Float($0) / 100) },
                            b: reference.b.enumerated().map { ($1, 1 - Float($0) / 100) })
    }

    @Test func matchesScipy() throws {
        let references = try Self.cases()
        #expect(references.count == 11)
        for reference in references {
            let comparison = Self.compared(reference)
            #expect(comparison.overlap == reference.overlap, "\(reference.name)")
            #expect(comparison.a.map(\.shift) == reference.shift_a, "\(reference.name)")
            #expect(comparison.b.map(\.shift) == reference.shift_b, "\(reference.name)")
            #expect(comparison.a.map(\.key) == reference.a && comparison.b.map(\.rank) == Array(1...reference.b.count))
            switch (comparison.spearman, reference.spearman) {
            case let (ours?, theirs?): #expect(abs(ours - theirs) < 1e-12, "\(reference.name): \(ours) vs \(theirs)")
            case (nil, nil): break
            default: Issue.record("\(reference.name): spearman \(String(describing: comparison.spearman)) vs \(String(describing: reference.spearman))")
            }
        }
    }

    @Test func handCheckedCase() {
        // A: 10 20 30 40, B: 30 10 50 20. Shared 10 (rank 1 → 2), 20 (2 → 4), 30 (3 → 1): their
        // orders 1 2 3 and 2 3 1, d² = 1 + 1 + 4 = 6, ρ = 1 − 6·6 / (3·(9 − 1)) = −0.5.
        let comparison = NeighbourComparison(a: [(10, 0.9), (20, 0.8), (30, 0.7), (40, 0.6)],
                                             b: [(30, 0.9), (10, 0.8), (50, 0.7), (20, 0.6)])
        #expect(comparison.overlap == 3)
        #expect(comparison.spearman == -0.5)
        #expect(comparison.b.map(\.otherRank) == [3, 1, nil, 2])
        #expect(comparison.b.map(\.shift) == [2, -1, nil, -2])
        #expect(comparison.a.map(\.shift) == [-1, -2, 2, nil])
    }

    @Test func aRepeatedKeyCountsAtItsBestRankOnly() {
        let comparison = NeighbourComparison(a: [(1, 0.9), (1, 0.9), (2, 0.5)], b: [(2, 0.8), (1, 0.7)])
        #expect(comparison.a.map(\.key) == [1, 2])
        #expect(comparison.a.map(\.rank) == [1, 3])
        #expect(comparison.overlap == 2)
        #expect(comparison.spearman == -1)
    }
}
