import Foundation
import Inference

/// A run's state between steps: the weights, AdamW's moments and step count, the steps
/// done and the epoch's running loss, with the options it was started with. Written as a
/// directory (`model.safetensors`, `optimizer.safetensors`, `state.json`) that is replaced
/// atomically, so the previous checkpoint survives a crash or a full disk while saving.
public enum TrainingCheckpoint {
    public static let folderName = "checkpoint"

    struct State: Codable {
        var step: Int
        var epochLossSum: Double
        var optimizerStep: Int
        var pairCount: Int
        var batchSize: Int
        var epochs: Int
        var seed: UInt64
        var shuffles: Bool
        var dropout: Bool
    }

    public static func save(_ loop: TrainingLoop, in output: URL) throws {
        try save(loop, in: output, writer: { try $0.write(to: $1) })
    }

    /// `save` with the file writer given (tests make it fail like a full disk).
    static func save(_ loop: TrainingLoop, in output: URL, writer: AtomicDirectory.FileWriter) throws {
        let parameters = loop.model.parameters.all
        let weights = SafeTensorsWriter.encode(parameters.map { parameter in
            SafeTensorsWriter.Entry(name: parameter.name, shape: parameter.shape,
                                    floats: UnsafeBufferPointer(start: parameter.values, count: parameter.count))
        })
        var moments: [SafeTensorsWriter.Entry] = []
        for (index, parameter) in parameters.enumerated() {
            moments.append(SafeTensorsWriter.Entry(
                name: "exp_avg." + parameter.name, shape: parameter.shape,
                floats: UnsafeBufferPointer(start: loop.optimizer.firstMoments[index].pointer, count: parameter.count)))
            moments.append(SafeTensorsWriter.Entry(
                name: "exp_avg_sq." + parameter.name, shape: parameter.shape,
                floats: UnsafeBufferPointer(start: loop.optimizer.secondMoments[index].pointer, count: parameter.count)))
        }
        let options = loop.options
        let state = State(
            step: loop.step, epochLossSum: loop.epochLossSum, optimizerStep: loop.optimizer.stepCount,
            pairCount: loop.pairs.count, batchSize: options.batchSize, epochs: options.epochs, seed: options.seed,
            shuffles: options.shuffles, dropout: options.dropout)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicDirectory.replace(output.appendingPathComponent(folderName), with: [
            ("model.safetensors", weights), ("optimizer.safetensors", SafeTensorsWriter.encode(moments)),
            ("state.json", try encoder.encode(state)),
        ], writer: writer)
    }

    /// Loads the checkpoint in `output` into `loop` (made with the same pairs and options).
    /// - Throws: `noCheckpoint`; `badCheckpoint` naming the file and what does not match.
    public static func restore(_ loop: TrainingLoop, from output: URL) throws {
        guard let folder = AtomicDirectory.existing(output.appendingPathComponent(folderName)) else {
            throw TrainingError.noCheckpoint(path: output.appendingPathComponent(folderName).path)
        }
        let statePath = folder.appendingPathComponent("state.json")
        let state: State
        do {
            state = try JSONDecoder().decode(State.self, from: Data(contentsOf: statePath))
        } catch {
            throw TrainingError.badCheckpoint(path: statePath.path, reason: "unreadable: \(error.localizedDescription)")
        }
        let options = loop.options
        let mismatches = [
            state.pairCount != loop.pairs.count ? "\(state.pairCount) pairs, not \(loop.pairs.count)" : nil,
            state.batchSize != options.batchSize ? "batch size \(state.batchSize), not \(options.batchSize)" : nil,
            state.epochs != options.epochs ? "\(state.epochs) epochs, not \(options.epochs)" : nil,
            state.seed != options.seed ? "seed \(state.seed), not \(options.seed)" : nil,
            state.shuffles != options.shuffles ? "shuffling \(state.shuffles ? "on" : "off")" : nil,
            state.dropout != options.dropout ? "dropout \(state.dropout ? "on" : "off")" : nil,
        ].compactMap { $0 }
        guard mismatches.isEmpty else {
            throw TrainingError.badCheckpoint(path: statePath.path, reason: "was made with " + mismatches.joined(separator: ", "))
        }
        let weightsPath = folder.appendingPathComponent("model.safetensors")
        let weights = try SafeTensorsFile(url: weightsPath)
        for parameter in loop.model.parameters.all {
            guard weights.tensors[parameter.name]?.shape == parameter.shape else {
                throw TrainingError.badCheckpoint(path: weightsPath.path, reason: "no tensor \(parameter.name) of shape \(parameter.shape)")
            }
            let values = try weights.floatTensor(named: parameter.name).values
            for index in 0..<parameter.count { parameter.values[index] = values[index] }
        }
        let momentsPath = folder.appendingPathComponent("optimizer.safetensors")
        let moments = try SafeTensorsFile(url: momentsPath)
        var first: [String: [Float]] = [:], second: [String: [Float]] = [:]
        for parameter in loop.model.parameters.all {
            first[parameter.name] = try? moments.floatTensor(named: "exp_avg." + parameter.name).values
            second[parameter.name] = try? moments.floatTensor(named: "exp_avg_sq." + parameter.name).values
        }
        guard loop.optimizer.restore(step: state.optimizerStep, first: first, second: second) else {
            throw TrainingError.badCheckpoint(path: momentsPath.path, reason: "the optimizer state does not match the model's parameters")
        }
        loop.step = state.step
        loop.epochLossSum = state.epochLossSum
    }
}
