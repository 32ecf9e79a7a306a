import Foundation
import Inference
import Testing
import TestSupport
import enum TextInput.TextInputError
@testable import Training

/// The loop's bookkeeping: checkpoints resume bit for bit, shuffling is seeded, the schedule
/// is transformers', bad pairs files are refused with the line. Not serialized: a step's
/// numbers depend neither on its thread count nor on what else the process runs (OpenBLAS is
/// at one thread for good, and training cuts its products by size alone).
@Suite struct TrainingLoopTests {
    static let pairsPath = Fixtures.root.appendingPathComponent("reference/training/pairs.tsv").path

    static func options(epochs: Int = 2) -> TrainingOptions {
        TrainingOptions(epochs: epochs, batchSize: 8, learningRate: 1e-3, warmupSteps: 2, seed: 7, shuffles: true, dropout: true)
    }

    static func loop(_ options: TrainingOptions, threads: Int = 2) throws -> TrainingLoop {
        try TrainingLoop(
            model: try TrainableSentenceModel(directory: Fixtures.tinyModel, threadCount: threads),
            pairs: try TrainingPairsReader.read(path: pairsPath), pairsName: "pairs.tsv", options: options)
    }

    @Test func resumingFromACheckpointGivesTheSameWeightsBitForBit() throws {
        let directory = try TemporaryDirectory()
        let whole = try Self.loop(Self.options())
        var wholeLosses: [Double] = []
        try whole.run(until: { false }) { wholeLosses.append($0.loss) }

        // Stopped after 3 steps (mid-epoch, with dropout and shuffling), saved, resumed in a new
        // loop; the first part on one thread, the rest on two, as the whole run.
        let first = try Self.loop(Self.options(), threads: 1)
        var losses: [Double] = []
        try first.run(until: { first.step == 3 }) { losses.append($0.loss) }
        try TrainingCheckpoint.save(first, in: directory.url)
        let resumed = try Self.loop(Self.options())
        try TrainingCheckpoint.restore(resumed, from: directory.url)
        #expect(resumed.step == 3)
        try resumed.run(until: { false }) { losses.append($0.loss) }

        #expect(losses == wholeLosses)
        for (a, b) in zip(whole.model.parameters.all, resumed.model.parameters.all) {
            #expect(a.valueArray == b.valueArray, "\(a.name) differs after resuming")
        }
        // And training changed the weights.
        let untouched = try TrainableSentenceModel(directory: Fixtures.tinyModel)
        #expect(untouched.parameters.all[5].valueArray != whole.model.parameters.all[5].valueArray)
    }

    /// OpenBLAS's thread count belongs to no pass: loading models and training (a cancelled
    /// run included, as the explorer's `T` cancels) leave it at the one thread it is set to once.
    @Test func openBLASStaysAtOneThreadThroughLoadingAndACancelledRun() throws {
        #expect(BLAS.threadCount == 1)
        let loop = try Self.loop(Self.options(epochs: 1))
        try loop.run(until: { loop.step == 1 }) { _ in }
        #expect(loop.step == 1 && !loop.isFinished)
        #expect(BLAS.threadCount == 1)
        _ = try BertModel.load(directory: Fixtures.tinyModel)
        #expect(BLAS.threadCount == 1)
    }

    @Test func aCheckpointOfOtherOptionsIsRefused() throws {
        let directory = try TemporaryDirectory()
        let first = try Self.loop(Self.options())
        try first.run(until: { first.step == 1 }) { _ in }
        try TrainingCheckpoint.save(first, in: directory.url)
        var other = Self.options()
        other.seed = 8
        let second = try Self.loop(other)
        #expect(throws: TrainingError.self) { try TrainingCheckpoint.restore(second, from: directory.url) }
    }

    /// A loss that is not finite stops the run before its update, naming the step; the
    /// session names the last good checkpoint.
    @Test func aNonFiniteLossStopsAtItsStepAndKeepsTheCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let output = directory.url.appendingPathComponent("out")
        var options = Self.options(epochs: 1)
        options.loss = RankingLoss(scale: .infinity)
        let session = try TrainingSession(.init(
            pairsPath: Self.pairsPath, modelDirectory: Fixtures.tinyModel, output: output, options: options))
        let before = session.loop.model.parameters.all.map(\.valueArray)
        #expect(throws: TrainingError.nonFiniteLoss(step: 1, checkpoint: nil)) {
            try session.run(stop: StopRequest(), onStep: { _ in })
        }
        #expect(session.loop.model.parameters.all.map(\.valueArray) == before)  // no update applied

        // With a checkpoint from a good run, the error names it and the checkpoint is left as it was.
        let good = try TrainingSession(.init(
            pairsPath: Self.pairsPath, modelDirectory: Fixtures.tinyModel, output: output,
            options: Self.options(epochs: 1), overwrite: true))
        try good.loop.run(until: { good.loop.step == 2 }) { _ in }
        try TrainingCheckpoint.save(good.loop, in: output)
        let saved = try Data(contentsOf: good.checkpointFolder.appendingPathComponent("model.safetensors"))
        let bad = try TrainingSession(.init(
            pairsPath: Self.pairsPath, modelDirectory: Fixtures.tinyModel, output: output, options: options, overwrite: true))
        #expect(throws: TrainingError.nonFiniteLoss(step: 1, checkpoint: good.checkpointFolder.path)) {
            try bad.run(stop: StopRequest(), onStep: { _ in })
        }
        #expect(try Data(contentsOf: good.checkpointFolder.appendingPathComponent("model.safetensors")) == saved)
    }

    /// A disk that fills while the second checkpoint is written (part of the weights on disk,
    /// then ENOSPC) leaves the first checkpoint whole and restorable, and no partial folder.
    @Test func aFullDiskWhileSavingLeavesThePreviousCheckpointIntact() throws {
        let directory = try TemporaryDirectory()
        let loop = try Self.loop(Self.options(epochs: 1))
        try loop.run(until: { loop.step == 2 }) { _ in }
        try TrainingCheckpoint.save(loop, in: directory.url)
        let folder = directory.url.appendingPathComponent(TrainingCheckpoint.folderName)
        let names = ["model.safetensors", "optimizer.safetensors", "state.json"]
        let before = try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        let weightsAtStep2 = loop.model.parameters.all.map(\.valueArray)

        try loop.run(until: { loop.step == 4 }) { _ in }
        var written = 0
        let fullDisk: AtomicDirectory.FileWriter = { bytes, url in
            // Half of the second file reaches the disk, then the disk is full.
            if written == 1 { try bytes.prefix(bytes.count / 2).write(to: url) }
            if written >= 1 { throw POSIXError(.ENOSPC) }
            written += 1
            try bytes.write(to: url)
        }
        #expect {
            try TrainingCheckpoint.save(loop, in: directory.url, writer: fullDisk)
        } throws: { error in
            guard case let TrainingError.writeFailed(path, _) = error else { return false }
            return path == folder.path
        }
        #expect(try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) } == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(left == [TrainingCheckpoint.folderName])

        let restored = try Self.loop(Self.options(epochs: 1))
        try TrainingCheckpoint.restore(restored, from: directory.url)
        #expect(restored.step == 2)
        #expect(restored.model.parameters.all.map(\.valueArray) == weightsAtStep2)
    }

    @Test func shufflingIsSeededAndAPermutation() throws {
        let loop = try Self.loop(Self.options())
        let order = loop.order(epoch: 0)
        #expect(order.sorted() == Array(0..<42))
        #expect(order != Array(0..<42))
        #expect(order == (try Self.loop(Self.options())).order(epoch: 0))
        #expect(order != loop.order(epoch: 1))
        var unshuffled = Self.options()
        unshuffled.shuffles = false
        #expect(try Self.loop(unshuffled).order(epoch: 1) == Array(0..<42))
    }

    @Test func theLastPartialBatchIsKept() throws {
        var options = Self.options(epochs: 1)
        options.batchSize = 8
        let loop = try Self.loop(options)
        var sizes: [Int] = []
        try loop.run(until: { false }) { sizes.append($0.pairs) }
        #expect(sizes == [8, 8, 8, 8, 8, 2])
    }

    @Test func warmupLinearIsTransformersSchedule() {
        // get_linear_schedule_with_warmup(optimizer, 3, 10) with lr 1: 0, 1/3, 2/3, 1, 6/7, …, 1/7, then 0.
        let schedule = WarmupLinearSchedule(learningRate: 1, warmupSteps: 3, totalSteps: 10)
        let sevenths: [Double] = [6, 5, 4, 3, 2, 1, 0, 0].map { $0 / 7 }
        let expected: [Double] = [0, 1.0 / 3, 2.0 / 3, 1] + sevenths
        for (step, value) in expected.enumerated() {
            #expect(abs(schedule.learningRate(step: step) - value) < 1e-15, "step \(step)")
        }
    }

    @Test func weightDecayGroupsAreFitsGroups() throws {
        let model = try TrainableSentenceModel(directory: Fixtures.tinyModel)
        let decayed = model.parameters.all.filter(\.isDecayed).map(\.name)
        #expect(decayed.contains("embeddings.word_embeddings.weight"))
        #expect(decayed.contains("encoder.layer.1.attention.self.query.weight"))
        #expect(!decayed.contains { $0.hasSuffix("bias") || $0.contains("LayerNorm") })
        #expect(decayed.count == 3 + 6 * 2)  // 3 embedding tables, 6 matrices per layer
    }

    @Test func badPairsFilesNameTheLine() throws {
        let directory = try TemporaryDirectory()
        func write(_ name: String, _ text: String) -> String {
            let url = directory.url.appendingPathComponent(name)
            FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
            return url.path
        }
        let emptyPath = write("empty.csv", "a,b\nc, \n")
        #expect(throws: TextInputError.badRow(source: emptyPath, line: 2, reason: "the positive is empty")) {
            try TrainingPairsReader.read(path: emptyPath)
        }
        let emptyNegative = write("negative.jsonl", "{\"anchor\":\"a\",\"positive\":\"b\",\"negative\":\" \"}\n")
        #expect(throws: TextInputError.badRow(source: emptyNegative, line: 1, reason: "the negative is empty")) {
            try TrainingPairsReader.read(path: emptyNegative)
        }
        let fourFields = write("four.tsv", "a\tb\tc\td\n")
        #expect(throws: TextInputError.badRow(
            source: fourFields, line: 1, reason: "expected 2 or 3 fields (anchor, positive, optional hard negative), found 4")) {
            try TrainingPairsReader.read(path: fourFields)
        }
        #expect(throws: TrainingError.tooFewPairs(file: "one.tsv", count: 1)) {
            try TrainingPairsReader.read(path: write("one.tsv", "a\tb\n"))
        }
        #expect(throws: TrainingError.badPairsRow(file: "mixed.csv", line: 2, reason: "has no hard negative, but the first row has one (all rows or none)")) {
            try TrainingPairsReader.read(path: write("mixed.csv", "a,b,c\nd,e\n"))
        }
        let pairs = try TrainingPairsReader.read(path: write("ok.jsonl", "{\"anchor\":\"a\",\"positive\":\"b\"}\n{\"anchor\":\"c\",\"positive\":\"d\"}\n"))
        #expect(pairs == [TrainingPair(anchor: "a", positive: "b"), TrainingPair(anchor: "c", positive: "d")])
        let header = try TrainingPairsReader.read(path: write("header.csv", "anchor,positive,negative\na,b,c\nd,e,f\n"))
        #expect(header.count == 2 && header[0].negative == "c")
        let negatives = try TrainingPairsReader.read(path: write("negatives.jsonl", """
            {"anchor":"a","positive":"b","negative":"c"}
            {"anchor":"d","positive":"e","negative":"f"}
            """))
        #expect(negatives == [TrainingPair(anchor: "a", positive: "b", negative: "c"), TrainingPair(anchor: "d", positive: "e", negative: "f")])
    }
}
