import Benchmarks
import Testing

/// The order statistics the benchmark reports, on fixed inputs.
@Suite struct TimingStatisticsTests {
    @Test func theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        #expect(TimingStatistics.median([5, 1, 3]) == 3)
        #expect(TimingStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(TimingStatistics.median([7]) == 7)
        #expect(TimingStatistics.median([]) == 0)
        #expect(TimingStatistics.median([2, 2, 9, 9, 9]) == 9)
    }

    @Test func percentilesAreByNearestRank() {
        let values = (1...200).map(Double.init).reversed().map { $0 }
        #expect(TimingStatistics.percentile(values, 0.9) == 180)
        #expect(TimingStatistics.percentile(values, 0.5) == 100)
        #expect(TimingStatistics.percentile(values, 1) == 200)
        #expect(TimingStatistics.percentile(values, 0) == 1)
        #expect(TimingStatistics.percentile([3, 1, 2], 0.9) == 3)
        #expect(TimingStatistics.percentile([], 0.9) == 0)
    }

    @Test func timedReturnsWhatTheBodyMade() throws {
        let (value, seconds) = TimingStatistics.timed { 6 * 7 }
        #expect(value == 42)
        #expect(seconds >= 0)
    }
}
