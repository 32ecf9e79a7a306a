import Foundation
import Testing
import Teaching
import TestSupport

/// The MNRL forward against numpy (Tests/Fixtures/generators/mnrl_reference.py) on the same
/// vectors: losses, p(positive), hardest negatives and scaled scores within 1e-4.
@Suite struct MultipleNegativesRankingLossTests {
    struct Reference {
        let anchors: [[Float]]
        let positives: [[Float]]
        let document: [String: Any]

        init() throws {
            let url = Fixtures.root.appendingPathComponent("reference/mnrl/synthetic.json")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            document = try #require(object as? [String: Any])
            anchors = try #require(document["anchors"] as? [[Double]]).map { $0.map(Float.init) }
            positives = try #require(document["positives"] as? [[Double]]).map { $0.map(Float.init) }
        }

        func batches(_ key: String) throws -> [[String: Any]] {
            try #require(document[key] as? [[String: Any]])
        }
    }

    /// Compares one computed batch with numpy's.
    func expectMatches(_ batch: MNRLBatch, _ reference: [String: Any]) throws {
        let loss = try #require(reference["loss"] as? Double)
        #expect(abs(batch.loss - loss) < 1e-4, "batch loss \(batch.loss) vs numpy \(loss)")
        let rows = try #require(reference["rows"] as? [[String: Any]])
        #expect(batch.rows.count == rows.count)
        for (row, expected) in zip(batch.rows, rows) {
            let loss = try #require(expected["loss"] as? Double)
            let p = try #require(expected["p_positive"] as? Double)
            let scores = try #require(expected["scores"] as? [Double])
            #expect(abs(row.loss - loss) < 1e-4, "row \(row.anchorIndex): loss \(row.loss) vs \(loss)")
            #expect(abs(row.pPositive - p) < 1e-4, "row \(row.anchorIndex): p \(row.pPositive) vs \(p)")
            #expect(row.hardestNegative == expected["hardest_negative"] as? Int)
            #expect(row.scaledScores.count == scores.count)
            for (mine, theirs) in zip(row.scaledScores, scores) { #expect(abs(mine - theirs) < 1e-4) }
            if let probabilities = expected["probabilities"] as? [Double] {
                for (mine, theirs) in zip(row.probabilities, probabilities) { #expect(abs(mine - theirs) < 1e-4) }
            }
        }
    }

    @Test func fortyPairsInBatchesOfThirtyTwoMatchNumpy() throws {
        let reference = try Reference()
        let batches = try MultipleNegativesRankingLoss(scale: 20).inBatches(count: 40) { i, j in
            referenceCosine(reference.anchors[i], reference.positives[j])
        }
        let expected = try reference.batches("scale_20_batch_32")
        #expect(batches.map(\.firstPairIndex) == [0, 32])
        #expect(batches.map(\.rows.count) == [32, 8])
        for (batch, theirs) in zip(batches, expected) { try expectMatches(batch, theirs) }
    }

    @Test func batchesOfEightMatchNumpy() throws {
        let reference = try Reference()
        let batches = try MultipleNegativesRankingLoss().inBatches(count: 40, batchSize: 8) { i, j in
            referenceCosine(reference.anchors[i], reference.positives[j])
        }
        let expected = try reference.batches("scale_20_batch_8")
        #expect(batches.count == 5)
        for (batch, theirs) in zip(batches, expected) { try expectMatches(batch, theirs) }
    }

    @Test func otherScaleWithProbabilitiesMatchesNumpy() throws {
        let reference = try Reference()
        let scores = (0..<5).map { i in (0..<5).map { j in referenceCosine(reference.anchors[i], reference.positives[j]) } }
        let batch = try MultipleNegativesRankingLoss(scale: 7.5).forward(scores: scores)
        try expectMatches(batch, try #require(reference.document["scale_7_5_first_5"] as? [String: Any]))
        for row in batch.rows { #expect(abs(row.probabilities.reduce(0, +) - 1) < 1e-12) }
    }

    @Test func onePairIsTrivialWithLossZero() throws {
        let batch = try MultipleNegativesRankingLoss().forward(scores: [[0.3]])
        #expect(batch.isTrivial)
        #expect(batch.loss == 0)
        #expect(batch.rows[0].pPositive == 1)
        #expect(batch.rows[0].hardestNegative == nil)
    }

    @Test func largeScaledGapsStayFinite() throws {
        // exp(20000) overflows; the shifted softmax and log-sum-exp do not.
        let batch = try MultipleNegativesRankingLoss(scale: 1000).forward(scores: [[1, -20], [-20, 1]])
        #expect(batch.loss.isFinite)
        #expect(batch.loss < 1e-12)
        let wrong = try MultipleNegativesRankingLoss(scale: 1000).forward(scores: [[-20, 1], [1, -20]])
        #expect(abs(wrong.loss - 21000) < 1e-6)
    }

    @Test func badBatchesAreRefusedWithTheirReason() {
        #expect(throws: TeachingError.emptyBatch) { try MultipleNegativesRankingLoss().forward(scores: []) }
        #expect(throws: TeachingError.notSquare(row: 1, columns: 1, rows: 2)) {
            try MultipleNegativesRankingLoss().forward(scores: [[1, 0], [0]])
        }
        #expect(throws: TeachingError.invalidScale(0)) { try MultipleNegativesRankingLoss(scale: 0).forward(scores: [[1]]) }
        #expect(throws: TeachingError.invalidBatchSize(0)) {
            try MultipleNegativesRankingLoss().inBatches(count: 3, batchSize: 0) { _, _ in 0 }
        }
    }
}
