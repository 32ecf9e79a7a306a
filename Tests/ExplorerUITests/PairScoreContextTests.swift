import ExplorerUI
import Testing

/// How a percentile is worded, and what the context refuses to show.
@Suite struct PairScoreContextTests {
    private func context(_ answer: Double?) -> PairScoreContext {
        PairScoreContext(identity: "test", pairCount: 10, isSampled: false, similarityLabel: "cos", median: 0.1) { _ in answer }
    }

    @Test func contextReadsAsTopOrBottom() {
        #expect(PairScoreContext.context(percentBelow: 99.6) == "top 0.4%")
        #expect(PairScoreContext.context(percentBelow: 88) == "top 12%")
        #expect(PairScoreContext.context(percentBelow: 97.25) == "top 2.8%")
        #expect(PairScoreContext.context(percentBelow: 40) == "bottom 40%")
        #expect(PairScoreContext.context(percentBelow: 3.04) == "bottom 3.0%")
        #expect(PairScoreContext.context(percentBelow: 0) == "bottom <0.1%")
        #expect(PairScoreContext.context(percentBelow: 100) == "top <0.1%")
    }

    /// NaN in or out never reaches the screen; answers outside 0–100 are clamped.
    @Test func nonFiniteScoresAndAnswersGiveNoContext() {
        #expect(context(50).context(of: .nan) == nil)
        #expect(context(.nan).context(of: 0.5) == nil)
        #expect(context(nil).context(of: 0.5) == nil)
        #expect(context(120).percentBelow(0.5) == 100)
        #expect(context(-3).percentBelow(0.5) == 0)
    }
}
