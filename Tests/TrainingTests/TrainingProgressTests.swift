import Testing
@testable import Training

/// The progress line's arithmetic: pairs/s over this process's steps, the ETA at that pace
/// (a resumed run counts only its own steps), and the durations.
@Suite struct TrainingProgressTests {
    static func record(step: Int, pairs: Int = 32) -> StepRecord {
        StepRecord(step: step, epoch: 0, loss: 1, runningLoss: 0.5, learningRate: 2e-5, gradNorm: 1, pairs: pairs)
    }

    @Test func rateAndETAFollowThisProcessSteps() {
        var progress = TrainingProgress(totalSteps: 100, firstStep: 40)
        #expect(progress.remainingSeconds == .infinity)
        progress.record(Self.record(step: 41), seconds: 2)
        progress.record(Self.record(step: 42, pairs: 16), seconds: 4)
        #expect(progress.pairsDone == 48)
        #expect(progress.pairsPerSecond == 12)
        #expect(progress.remainingSeconds == 116)  // 58 steps left at 2 s a step
        #expect(progress.line(Self.record(step: 42)) == "step 42/100  epoch 1  loss 0.5000  lr 2e-05  12.0 pairs/s  ETA 1:56")
        progress.record(Self.record(step: 100), seconds: 10)
        #expect(progress.remainingSeconds == 0)
    }

    @Test func durationsAndTheEvaluationLine() {
        #expect(TrainingProgress.duration(0) == "0:00")
        #expect(TrainingProgress.duration(59.6) == "1:00")
        #expect(TrainingProgress.duration(3725) == "1:02:05")
        #expect(TrainingProgress.duration(.infinity) == "?")
        #expect(TrainingProgress.duration(.nan) == "?")
        #expect(TrainingProgress.evaluationLine(epoch: 1, spearman: 0.84312) == "epoch 2: STS Spearman × 100 84.31")
    }
}
