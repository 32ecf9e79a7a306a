/// transformers' get_linear_schedule_with_warmup (sentence-transformers' "WarmupLinear"):
/// the learning rate of step k (from 0) is lr · k/warmup during warm-up, then
/// lr · (total − k)/(total − warmup), never below 0.
public struct WarmupLinearSchedule: Sendable, Equatable {
    public let learningRate: Double
    public let warmupSteps: Int
    public let totalSteps: Int

    public init(learningRate: Double, warmupSteps: Int, totalSteps: Int) {
        self.learningRate = learningRate
        self.warmupSteps = max(0, warmupSteps)
        self.totalSteps = max(0, totalSteps)
    }

    /// The factor LambdaLR applies at step `step`.
    public func factor(step: Int) -> Double {
        if step < warmupSteps { return Double(step) / Double(max(1, warmupSteps)) }
        return max(0, Double(totalSteps - step) / Double(max(1, totalSteps - warmupSteps)))
    }

    /// The learning rate optimizer step `step` (from 0) uses.
    public func learningRate(step: Int) -> Double { learningRate * factor(step: step) }
}
