import Foundation
import Inference
import TestSupport
import Testing

/// The forward pass cuts few-row products into slices of columns and many-row ones into
/// slices of rows, cuts long inputs into depth blocks, and attends with the AVX2 kernel or
/// OpenBLAS by head size: every path must give the same states.
@Suite("BertModel product paths")
struct BertModelProductPathTests {
    /// Two shapes with odd sizes everywhere (inputs not a multiple of 8 floats, outputs not
    /// a multiple of the 16-wide panels): heads of 5 dimensions (OpenBLAS attention), and
    /// heads of 8 with a 600-wide feed-forward layer (AVX2 attention; its second product's
    /// 600 inputs are two depth blocks).
    enum Shape: String, CaseIterable, CustomTestStringConvertible {
        case fiveDimensionalHeads, longInputs
        var testDescription: String { rawValue }

        func model(threadCount: Int) throws -> BertModel {
            let configuration = switch self {
            case .fiveDimensionalHeads:
                try BertConfiguration(
                    hiddenSize: 20, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 44,
                    maxPositionEmbeddings: 64, vocabSize: 100)
            case .longInputs:
                try BertConfiguration(
                    hiddenSize: 24, numHiddenLayers: 2, numAttentionHeads: 3, intermediateSize: 600,
                    maxPositionEmbeddings: 64, vocabSize: 100)
            }
            return BertModel(randomWeightsFor: configuration, seed: 11, threadCount: threadCount)
        }
    }

    /// Sequences of 1 to 47 tokens: each alone takes the few-row path, all together the other.
    private static let sequences: [[Int32]] = (1...47).map { length in
        (0..<length).map { Int32(($0 * 37 + length * 11) % 100) }
    }

    @Test("each sequence alone (few rows) equals the same sequence in a batch of 1,128 tokens, bit for bit",
          arguments: Shape.allCases)
    func fewRowsMatchManyRows(_ shape: Shape) throws {
        let model = try shape.model(threadCount: 1)
        let batched = try model.encode(Self.sequences)
        var worst: Float = 0
        for (sequence, inBatch) in zip(Self.sequences, batched) {
            let alone = try #require(try model.encode([sequence]).first)
            worst = max(worst, maxAbsoluteDifference(alone.values, inBatch.values))
        }
        print("\(shape): alone vs in a batch of 1,128 tokens, worst |Δ|: \(worst)")
        // Every result is summed in the same order whatever shares the product: bit for bit.
        #expect(worst == 0)
    }

    @Test("splitting the work over 1, 2 or 3 threads gives the same states, bit for bit", arguments: Shape.allCases)
    func threadCountDoesNotChangeResults(_ shape: Shape) throws {
        let reference = try shape.model(threadCount: 1).encode(Self.sequences)
        for threads in [2, 3] {
            let split = try shape.model(threadCount: threads).encode(Self.sequences)
            for (one, many) in zip(reference, split) {
                #expect(one.values == many.values, "\(threads) threads")
            }
            let single = try shape.model(threadCount: threads).encode([Self.sequences[20]])
            let singleReference = try shape.model(threadCount: 1).encode([Self.sequences[20]])
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
