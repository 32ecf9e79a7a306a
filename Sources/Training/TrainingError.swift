import Foundation

/// Why training cannot start or had to stop; every message names the file, line, field or step.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A module training has no backward pass for (a Dense module with `use_residual`).
    case unsupportedModule(model: String, module: String)
    case badPairsRow(file: String, line: Int, reason: String)
    case tooFewPairs(file: String, count: Int)
    case batchTooSmall(batchSize: Int)
    case nonFiniteLoss(step: Int, checkpoint: String?)
    case outputExists(path: String)
    case noCheckpoint(path: String)
    case badCheckpoint(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedModule(model, module):
            "\(model): training has no backward pass for its \(module) module (Dense modules with use_residual are not trained)"
        case let .badPairsRow(file, line, reason):
            "\(file):\(line): \(reason)"
        case let .tooFewPairs(file, count):
            "\(file): \(count) pair\(count == 1 ? "" : "s"); MultipleNegativesRankingLoss needs at least 2 pairs in a batch (the other pairs' positives are each anchor's negatives)"
        case let .batchTooSmall(batchSize):
            "--batch-size \(batchSize): MultipleNegativesRankingLoss needs at least 2 pairs in a batch"
        case let .nonFiniteLoss(step, checkpoint):
            "the loss at step \(step) is not finite; training stopped" + (checkpoint.map { ", the last good checkpoint is \($0)" } ?? " before any checkpoint was written")
        case let .outputExists(path):
            "\(path) exists: pass --overwrite to write into it, or --resume to continue its checkpoint"
        case let .noCheckpoint(path):
            "\(path): no checkpoint to resume from"
        case let .badCheckpoint(path, reason):
            "\(path): \(reason)"
        case let .writeFailed(path, reason):
            "\(path): could not write: \(reason)"
        }
    }
}
