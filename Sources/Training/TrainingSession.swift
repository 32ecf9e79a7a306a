import Foundation
import TextInput

/// `semblance train` as a library call: opens the model and the pairs, refuses an existing
/// output directory unless told, resumes from its checkpoint when asked, runs the loop with a
/// checkpoint after every epoch and on a stop request, evaluates STS after each epoch when
/// given pairs, and writes the trained model.
public final class TrainingSession {
    public struct Request: Sendable {
        public var pairsPath: String
        public var modelDirectory: URL
        public var output: URL
        public var options: TrainingOptions
        public var overwrite: Bool
        public var resume: Bool
        public var stsPath: String?

        public init(pairsPath: String, modelDirectory: URL, output: URL, options: TrainingOptions,
                    overwrite: Bool = false, resume: Bool = false, stsPath: String? = nil) {
            self.pairsPath = pairsPath
            self.modelDirectory = modelDirectory
            self.output = output
            self.options = options
            self.overwrite = overwrite
            self.resume = resume
            self.stsPath = stsPath
        }
    }

    /// How the run ended.
    public enum Outcome: Sendable, Equatable {
        /// Every step done; the model is written.
        case finished
        /// Stopped on request after `step` steps; the checkpoint holds them.
        case stopped(step: Int)
    }

    public let request: Request
    public let loop: TrainingLoop
    private let stsPairs: [STSPair]?
    public var checkpointFolder: URL { request.output.appendingPathComponent(TrainingCheckpoint.folderName) }

    /// Checks everything that can be checked before the first step.
    public init(_ request: Request) throws {
        let manager = FileManager.default
        // Writing the output copies the model's files: into the model's own directory that
        // would delete them first.
        let resolvedOutput = request.output.standardizedFileURL.resolvingSymlinksInPath().path
        if resolvedOutput == request.modelDirectory.standardizedFileURL.resolvingSymlinksInPath().path {
            throw TrainingError.writeFailed(path: request.output.path, reason: "the output cannot be the model's own directory")
        }
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: request.output.path, isDirectory: &isDirectory)
        if request.resume {
            guard AtomicDirectory.existing(request.output.appendingPathComponent(TrainingCheckpoint.folderName)) != nil else {
                throw TrainingError.noCheckpoint(path: request.output.appendingPathComponent(TrainingCheckpoint.folderName).path)
            }
        } else if exists, !request.overwrite {
            throw TrainingError.outputExists(path: request.output.path)
        }
        if exists, !isDirectory.boolValue {
            throw TrainingError.writeFailed(path: request.output.path, reason: "exists and is not a directory")
        }
        let pairs = try TrainingPairsReader.read(path: request.pairsPath)
        stsPairs = try request.stsPath.map { try STSPairs.read(InputSource.file($0)) }
        let model = try TrainableSentenceModel(directory: request.modelDirectory)
        loop = try TrainingLoop(
            model: model, pairs: pairs, pairsName: (request.pairsPath as NSString).lastPathComponent, options: request.options)
        if request.resume { try TrainingCheckpoint.restore(loop, from: request.output) }
        self.request = request
    }

    /// Runs to the end or until `stop` is requested.
    /// - Parameter onStep: after each step (progress, log lines).
    /// - Parameter onEvaluation: the epoch and its STS Spearman, when `--eval` was given.
    public func run(
        stop: StopRequest, onStep: (StepRecord) throws -> Void, onEvaluation: (Int, Double) -> Void = { _, _ in }
    ) throws -> Outcome {
        var savedAny = FileManager.default.fileExists(atPath: checkpointFolder.path)
        do {
            try loop.run(until: { stop.isRequested }, onStep: onStep) { epoch in
                try saveCheckpoint(keepingPrevious: savedAny)
                savedAny = true
                if let stsPairs { onEvaluation(epoch, try STSCheck.spearman(loop.model, pairs: stsPairs)) }
            }
        } catch let TrainingError.nonFiniteLoss(step, _) {
            throw TrainingError.nonFiniteLoss(step: step, checkpoint: savedAny ? checkpointFolder.path : nil)
        }
        if !loop.isFinished {
            try saveCheckpoint(keepingPrevious: savedAny)
            return .stopped(step: loop.step)
        }
        try TrainedModelWriter.write(loop, to: request.output, pairsFile: (request.pairsPath as NSString).lastPathComponent)
        // The model is written: the output has the input's layout, nothing more.
        try? FileManager.default.removeItem(at: checkpointFolder)
        return .finished
    }

    /// A failed save (a full disk) says that the previous checkpoint, if any, is still there.
    private func saveCheckpoint(keepingPrevious: Bool) throws {
        do {
            try TrainingCheckpoint.save(loop, in: request.output)
        } catch let TrainingError.writeFailed(path, reason) where keepingPrevious {
            throw TrainingError.writeFailed(path: path, reason: reason + "; the previous checkpoint is intact (continue with --resume)")
        }
    }
}

extension StepRecord {
    /// The `--log` line: {"step","epoch","loss","lr","grad_norm"}.
    public var jsonLine: String {
        func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
        return "{\"step\":\(step),\"epoch\":\(epoch),\"loss\":\(number(loss)),\"lr\":\(number(learningRate)),\"grad_norm\":\(number(gradNorm))}"
    }
}
