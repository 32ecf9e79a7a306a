import Foundation
import Inference
import TestSupport
import Testing

/// Batching, concurrency and input validation of `BertModel.encode`.
@Suite("BertModel batches and inputs")
struct BertModelBatchTests {
    /// Reference token ids of texts of many lengths (empty text, sentences, 256-token truncations).
    private static func miniLMIds() throws -> [[Int32]] {
        try readJSONLines(Fixtures.miniLMReference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
            .map(\.ids)
    }

    @Test("a sequence's states do not depend on the batch it is in (alone, batch of 7, batch of 32)")
    func batchIndependence() throws {
        let model = try BertModel.load(directory: Fixtures.miniLMModel)
        let ids = try Self.miniLMIds()
        let lengths = Set(ids.prefix(64).map(\.count))
        try #require(lengths.count > 10, "the batch must mix lengths")
        let target = ids[3]
        let alone = try #require(try model.encode([target]).first)

        for batchSize in [7, 32] {
            // The target sits in the middle of others of different lengths.
            var batch = Array(ids[10 ..< 10 + batchSize - 1])
            batch.insert(target, at: batchSize / 2)
            let states = try model.encode(batch)
            try #require(states.count == batchSize)
            let inBatch = states[batchSize / 2]
            #expect(inBatch.tokenCount == target.count)
            let difference = maxAbsoluteDifference(inBatch.values, alone.values)
            // The issue asks ≤ 1e-5; the forward pass sums every result in the same order
            // whatever shares its batch, so it is bit for bit.
            #expect(difference == 0, "batch of \(batchSize): |Δ| \(difference)")
            // Every other member is also what it is alone.
            for (index, sequence) in batch.enumerated() where index != batchSize / 2 && index % 5 == 0 {
                let single = try #require(try model.encode([sequence]).first)
                #expect(states[index].values == single.values)
            }
        }
    }

    @Test("several threads encoding at once get the single-threaded results")
    func concurrentEncoding() async throws {
        let model = try BertModel.load(directory: Fixtures.miniLMModel)
        let batch = Array(try Self.miniLMIds()[40 ..< 56])
        let expected = try model.encode(batch)
        let results = try await withThrowingTaskGroup(of: [TokenStates].self) { group in
            for _ in 0..<4 { group.addTask { try model.encode(batch) } }
            var all: [[TokenStates]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 4)
        for result in results {
            for (computed, reference) in zip(result, expected) {
                #expect(maxAbsoluteDifference(computed.values, reference.values) <= 1e-6)
            }
        }
    }

    @Test("a batch larger than one pass (over 4096 tokens) gives the same states as small batches")
    func largeBatchIsChunked() throws {
        let model = try BertModel.load(directory: Fixtures.tinyModel)
        let ids = try readJSONLines(Fixtures.tinyReference.appendingPathComponent("tokens.jsonl"), as: ReferenceTokens.self)
            .map(\.ids)
        let batch = Array(repeating: ids, count: 3).flatMap { $0 }
        #expect(batch.reduce(0) { $0 + $1.count } > 4096)
        let all = try model.encode(batch)
        try #require(all.count == batch.count)
        for index in stride(from: 0, to: batch.count, by: 37) {
            let single = try #require(try model.encode([batch[index]]).first)
            #expect(all[index].values == single.values)
        }
    }

    @Test("hiddenStates' last stage equals encode's output")
    func hiddenStatesEndWithEncode() throws {
        let model = try BertModel.load(directory: Fixtures.tinyModel)
        let ids: [Int32] = [101, 7592, 1010, 2088, 999, 102]
        let stages = try model.hiddenStates(ids)
        #expect(stages.count == model.configuration.numHiddenLayers + 1)
        let last = try #require(stages.last)
        let encoded = try #require(try model.encode([ids]).first)
        #expect(maxAbsoluteDifference(last.values, encoded.values) <= 1e-6)
        #expect(last.row(2).count == model.configuration.hiddenSize)
        #expect(Array(last.row(2)) == Array(last.values[64 ..< 96]))
    }

    @Test("an empty batch gives no states")
    func emptyBatch() throws {
        let model = try BertModel.load(directory: Fixtures.tinyModel)
        #expect(try model.encode([]).isEmpty)
    }

    @Test("ids outside the vocabulary, over-long and empty sequences are errors naming the sequence")
    func invalidInputs() throws {
        let model = try BertModel.load(directory: Fixtures.tinyModel)
        let vocabulary = Int32(model.configuration.vocabSize)
        let maximum = model.configuration.maxPositionEmbeddings

        let tooLarge = #expect(throws: InferenceError.self) { try model.encode([[101, 102], [101, vocabulary, 102]]) }
        #expect(tooLarge?.description == "sequence 1, token 1: id 30522 is outside the vocabulary of 30522 tokens")
        let negative = #expect(throws: InferenceError.self) { try model.encode([[101, -1, 102]]) }
        #expect(negative?.description.contains("id -1 is outside the vocabulary") == true)
        let tooLong = #expect(throws: InferenceError.self) {
            try model.encode([[Int32](repeating: 1000, count: maximum + 1)])
        }
        #expect(tooLong?.description == "sequence 0 has 513 tokens, more than the 512 positions the model's position table allows (config.json max_position_embeddings)")
        let empty = #expect(throws: InferenceError.self) { try model.hiddenStates([]) }
        #expect(empty?.description == "sequence 0 has no tokens")
        // The longest allowed sequence is fine.
        #expect(try model.encode([[Int32](repeating: 1000, count: maximum)]).first?.tokenCount == maximum)
    }
}
