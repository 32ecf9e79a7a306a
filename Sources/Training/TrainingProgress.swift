import Foundation

/// The progress line of a run (step, running loss, learning rate, pairs/s, ETA) from the
/// step records and the seconds since the run (or its resumption) started; the CLI only prints it.
public struct TrainingProgress: Sendable {
    public let totalSteps: Int
    /// Steps already done when this process started (a resumed run's checkpoint).
    public let firstStep: Int
    public private(set) var pairsDone = 0
    public private(set) var pairsPerSecond = 0.0
    /// Seconds left at the pace of this process's steps so far (infinite before the first).
    public private(set) var remainingSeconds = Double.infinity

    public init(totalSteps: Int, firstStep: Int) {
        self.totalSteps = totalSteps
        self.firstStep = firstStep
    }

    /// Takes a finished step; `seconds` is the time since this process's first step began.
    public mutating func record(_ record: StepRecord, seconds: Double) {
        pairsDone += record.pairs
        let elapsed = max(seconds, 1e-9)
        pairsPerSecond = Double(pairsDone) / elapsed
        let stepsDone = record.step - firstStep
        remainingSeconds = stepsDone > 0 ? Double(max(0, totalSteps - record.step)) * elapsed / Double(stepsDone) : .infinity
    }

    /// `step 12/220  epoch 1  loss 0.4213  lr 1.2e-05  31.4 pairs/s  ETA 1:23`.
    public func line(_ record: StepRecord) -> String {
        String(format: "step %d/%d  epoch %d  loss %.4f  lr %.3g  %.1f pairs/s  ETA %@",
               record.step, totalSteps, record.epoch + 1, record.runningLoss, record.learningRate, pairsPerSecond,
               Self.duration(remainingSeconds))
    }

    /// `epoch 2: STS Spearman × 100 84.31`.
    public static func evaluationLine(epoch: Int, spearman: Double) -> String {
        String(format: "epoch %d: STS Spearman × 100 %.2f", epoch + 1, 100 * spearman)
    }

    /// m:ss, or h:mm:ss from an hour; "?" when not known.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "?" }
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
