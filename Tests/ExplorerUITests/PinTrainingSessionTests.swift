import ExplorerUI
import Foundation
import Testing

/// The fake engine as a trainer: each step moves every positive a step nearer its anchor
/// (the letters' vectors blended), so a run through the real worker has vectors to show.
extension FakeExplorerEngine {
    struct TrainingCancelled: Error {}

    /// Paths `W` asked the fake engine to write, in order.
    static let savedCopies = EncodedTexts()

    func trainCopy(_ request: PinTrainingRequest, progress: @escaping @Sendable (PinTrainingProgress) -> Void,
                   isCancelled: @escaping @Sendable () -> Bool) throws -> PinTrainingOutcome {
        for step in 1...max(1, request.steps) {
            guard !isCancelled() else { throw TrainingCancelled() }
            let t = Float(step) / Float(request.steps)
            var vectors: [String: [Float]] = [:]
            for pair in request.pairs {
                let anchor = try encode(pair.anchor).analysis.vector, positive = try encode(pair.positive).analysis.vector
                vectors[pair.anchor] = anchor
                vectors[pair.positive] = zip(anchor, positive).map { t * $0 + (1 - t) * $1 }
            }
            progress(PinTrainingProgress(phase: .training(step: step, total: request.steps, loss: 1 / Double(step)), vectors: vectors))
        }
        return PinTrainingOutcome(steps: request.steps, pairs: request.pairs.count, firstLoss: 1,
                                  lastLoss: 1 / Double(request.steps), baseModel: "fake-letters")
    }

    func saveTrainedCopy(to path: String) throws {
        Self.savedCopies.append(path)
    }
}

/// `T` and `W` through the real session and worker (off the UI thread, results collected as
/// the terminal loop collects them), on the fake engine.
@Suite struct PinTrainingSessionTests {
    @Test func tTrainsThroughTheWorkerAndWWritesBesideTheExports() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-train-\(UUID().uuidString)").path
        var configuration = ExplorerConfiguration(corpusName: "fruit")
        configuration.exportDirectory = directory
        let engine = FakeExplorerEngine()
        let session = ExplorerSession(engine: engine, configuration: configuration, size: GridSize(columns: 100, rows: 30))
        session.start()
        #expect(session.waitUntilIdle())
        for text in ["ripe mango", "sweet fruit", "sour lemon", "yellow citrus"] {
            session.receive(bytes: Array((text + "\r").utf8))
            #expect(session.waitUntilIdle())
        }
        session.receive(bytes: Array("\tT".utf8))
        #expect(session.waitUntilIdle())
        let outcome = PinTrainingOutcome(steps: 8, pairs: 2, firstLoss: 1, lastLoss: 0.125, baseModel: "fake-letters")
        #expect(session.state.training == .trained(outcome, totalSteps: 8))
        #expect(session.state.message?.text.hasPrefix("trained a copy: 8 steps on 2 pairs, MNRL loss 1.000 → 0.125 · W writes it to \(directory)/semblance-trained-") == true,
                "\(String(describing: session.state.message))")
        // After the run every pin was encoded again by the model in use.
        for pin in session.state.pinned {
            #expect(pin.vector == (try engine.encode(pin.text).analysis.vector))
        }
        session.receive(bytes: Array("W".utf8))
        #expect(session.waitUntilIdle())
        let saved = try #require(FakeExplorerEngine.savedCopies.all.last)
        #expect(saved.hasPrefix(directory + "/semblance-trained-"))
        #expect(session.state.message?.text == "saved the trained copy to \(saved) (explore --model it --against fake-letters)")
    }
}
