import Foundation
import Inference
import TestSupport
import Testing

/// The forward pass cuts few-row products into more parts than many-row ones, and cuts the
/// inputs of many-row products into depth blocks: every path must give the same states.
@Suite("BertModel product paths")
struct BertModelProductPathTests {
    /// Odd sizes everywhere: inputs that are not a multiple of 8 floats, outputs not a
    /// multiple of the kernels' tile widths, heads of 5 dimensions.
    private static func oddModel(threadCount: Int) throws -> BertModel {
        let configuration = try BertConfiguration(
            hiddenSize: 20, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 44,
            maxPositionEmbeddings: 64, vocabSize: 100)
        return BertModel(randomWeightsFor: configuration, seed: 11, threadCount: threadCount)
    }

    /// Sequences of 1 to 47 tokens: each alone takes the few-row path, all together the other.
    private static let sequences: [[Int32]] = (1...47).map { length in
        (0..<length).map { Int32(($0 * 37 + length * 11) % 100) }
    }

    @Test("each sequence alone (few rows) equals the same sequence in a batch of 1,128 tokens, bit for bit")
    func fewRowsMatchManyRows() throws {
        let model = try Self.oddModel(threadCount: 1)
        let batched = try model.encode(Self.sequences)
        var worst: Float = 0
        for (sequence, inBatch) in zip(Self.sequences, batched) {
            let alone = try #require(try model.encode([sequence]).first)
            worst = max(worst, maxAbsoluteDifference(alone.values, inBatch.values))
        }
        print("alone vs in a batch of 1,128 tokens, worst |Δ|: \(worst)")
        // Every result is summed in the same order whatever shares the product: bit for bit.
        #expect(worst == 0)
    }

    @Test("splitting the work over 1, 2 or 3 threads gives the same states, bit for bit")
    func threadCountDoesNotChangeResults() throws {
        let reference = try Self.oddModel(threadCount: 1).encode(Self.sequences)
        for threads in [2, 3] {
            let split = try Self.oddModel(threadCount: threads).encode(Self.sequences)
            for (one, many) in zip(reference, split) {
                #expect(one.values == many.values, "\(threads) threads")
            }
            let single = try Self.oddModel(threadCount: threads).encode([Self.sequences[20]])
            let singleReference = try Self.oddModel(threadCount: 1).encode([Self.sequences[20]])
            #expect(single[0].values == singleReference[0].values, "\(threads) threads, alone")
        }
    }

    @Test("random weights of the same seed are the same model; another seed is another model")
    func randomWeightsAreSeeded() throws {
        let configuration = try BertConfiguration(
            hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32,
            maxPositionEmbeddings: 16, vocabSize: 50)
        let ids: [Int32] = [1, 7, 3, 9]
        let first = try BertModel(randomWeightsFor: configuration, seed: 5).encode([ids])[0]
        let again = try BertModel(randomWeightsFor: configuration, seed: 5).encode([ids])[0]
        let other = try BertModel(randomWeightsFor: configuration, seed: 6).encode([ids])[0]
        #expect(first == again)
        #expect(maxAbsoluteDifference(first.values, other.values) > 0.01)
    }
}
