import Foundation
import Inference

/// The hyper-parameters of a run (the recipe of sentence-transformers' fit()).
public struct TrainingOptions: Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var warmupSteps: Int
    public var weightDecay: Double
    public var maxGradNorm: Double
    public var loss: RankingLoss
    public var seed: UInt64
    /// RandomSampler-style: a new permutation of the pairs every epoch.
    public var shuffles: Bool
    public var dropout: Bool
    /// Put before every text ("" for none, as fit(); the explorer trains with its input's prompt).
    public var prompt: String

    public init(
        epochs: Int = 5, batchSize: Int = 32, learningRate: Double = 2e-5, warmupSteps: Int = 500,
        weightDecay: Double = 0.01, maxGradNorm: Double = 1, loss: RankingLoss = RankingLoss(), seed: UInt64 = 0,
        shuffles: Bool = true, dropout: Bool = true, prompt: String = ""
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.loss = loss
        self.seed = seed
        self.shuffles = shuffles
        self.dropout = dropout
        self.prompt = prompt
    }
}

/// What one optimizer step did (`--log` writes one per line).
public struct StepRecord: Sendable, Equatable {
    /// Steps done, this one included (1 for the first).
    public let step: Int
    public let epoch: Int
    public let loss: Double
    /// Mean loss over this epoch's steps so far.
    public let runningLoss: Double
    /// The learning rate this step used.
    public let learningRate: Double
    /// The gradient norm before clipping.
    public let gradNorm: Double
    public let pairs: Int
}

/// fit() for MultipleNegativesRankingLoss: batches of pairs (shuffled or in file order, the
/// last partial batch kept), loss and gradients, clipping, AdamW and WarmupLinear.
/// Every random choice is a function of (seed, epoch) or (seed, step), so a run resumed
/// from a checkpoint continues exactly as it would have.
public final class TrainingLoop {
    public let model: TrainableSentenceModel
    public let pairs: [TrainingPair]
    public let options: TrainingOptions
    public let optimizer: AdamW
    public let schedule: WarmupLinearSchedule
    public var stepsPerEpoch: Int { (pairs.count + options.batchSize - 1) / options.batchSize }
    public var totalSteps: Int { stepsPerEpoch * options.epochs }
    /// Optimizer steps done.
    public internal(set) var step = 0
    /// Σ loss and count over the current epoch's steps (the running mean).
    public internal(set) var epochLossSum = 0.0
    /// Every parameter in chunks, for the threads that zero the gradients and take their norm.
    private let parameterChunks: [ParallelChunks.ParameterChunk]

    /// - Throws: `tooFewPairs` (MNRL needs ≥ 2), `batchTooSmall`.
    public init(model: TrainableSentenceModel, pairs: [TrainingPair], pairsName: String, options: TrainingOptions) throws {
        guard pairs.count >= 2 else { throw TrainingError.tooFewPairs(file: pairsName, count: pairs.count) }
        guard options.batchSize >= 2 else { throw TrainingError.batchTooSmall(batchSize: options.batchSize) }
        self.model = model
        self.pairs = pairs
        self.options = options
        optimizer = AdamW(parameters: model.parameters.all, weightDecay: Float(options.weightDecay))
        parameterChunks = ParallelChunks.chunks(of: model.parameters.all)
        schedule = WarmupLinearSchedule(
            learningRate: options.learningRate, warmupSteps: options.warmupSteps,
            totalSteps: (pairs.count + options.batchSize - 1) / options.batchSize * options.epochs)
    }

    public var isFinished: Bool { step >= totalSteps }

    /// The order of the pairs in epoch `epoch`: file order, or a seeded Fisher–Yates permutation.
    public func order(epoch: Int) -> [Int] {
        var indices = Array(pairs.indices)
        guard options.shuffles else { return indices }
        var generator = SplitMix64(seed: options.seed &+ 0xA076_1D64_78BD_642F &* UInt64(epoch + 1))
        indices.shuffle(using: &generator)
        return indices
    }

    /// Runs steps until the last one or until `shouldStop()` says so (checked between steps).
    /// - Parameter onStep: called after each step.
    /// - Parameter onEpochEnd: called with the epoch (from 0) after its last step.
    /// - Throws: `nonFiniteLoss` (before the step's update), and what the callbacks throw.
    public func run(
        until shouldStop: () -> Bool, onStep: (StepRecord) throws -> Void, onEpochEnd: (Int) throws -> Void = { _ in }
    ) throws {
        var currentOrder: (epoch: Int, indices: [Int])?
        while !isFinished, !shouldStop() {
            let epoch = step / stepsPerEpoch, inEpoch = step % stepsPerEpoch
            if currentOrder?.epoch != epoch { currentOrder = (epoch, order(epoch: epoch)) }
            let indices = currentOrder?.indices ?? []
            let batchIndices = indices[(inEpoch * options.batchSize) ..< min((inEpoch + 1) * options.batchSize, indices.count)]
            let record = try takeStep(batchIndices.map { pairs[$0] }, epoch: epoch, inEpoch: inEpoch)
            try onStep(record)
            if step % stepsPerEpoch == 0 { try onEpochEnd(epoch) }
        }
    }

    private func takeStep(_ batch: [TrainingPair], epoch: Int, inEpoch: Int) throws -> StepRecord {
        ParallelChunks.zeroGradients(parameterChunks)
        let dropout = options.dropout ? DropoutPlan.generator(seed: options.seed, step: step) : nil
        let loss = model.accumulateGradients(batch, loss: options.loss, dropout: dropout, prompt: options.prompt)
        guard loss.isFinite else { throw TrainingError.nonFiniteLoss(step: step + 1, checkpoint: nil) }
        // Clipping's factor is applied by AdamW as it reads the gradients (one pass over them, not two).
        let norm = GradientClipping.norm(parameterChunks)
        guard norm.isFinite else { throw TrainingError.nonFiniteLoss(step: step + 1, checkpoint: nil) }
        let learningRate = schedule.learningRate(step: step)
        optimizer.step(learningRate: learningRate, gradientScale: GradientClipping.scale(norm: norm, maxNorm: options.maxGradNorm))
        if inEpoch == 0 { epochLossSum = 0 }
        epochLossSum += loss
        step += 1
        return StepRecord(
            step: step, epoch: epoch, loss: loss, runningLoss: epochLossSum / Double(inEpoch + 1),
            learningRate: learningRate, gradNorm: norm, pairs: batch.count)
    }
}
