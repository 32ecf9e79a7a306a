import SpaceAnalysis
import Testing

@Suite struct PairSampleTests {
    @Test func pairsAreDistinctOrderedAndWithinRange() {
        let sample = PairSample(items: 500, count: 20_000, seed: 7)
        #expect(sample.count == 20_000)
        var keys = Set<Int>()
        for index in 0 ..< sample.count {
            let a = Int(sample.first[index]), b = Int(sample.second[index])
            #expect(a < b && a >= 0 && b < 500)
            keys.insert(a * 500 + b)
        }
        #expect(keys.count == 20_000)
    }

    @Test func sameSeedSamePairsOtherSeedOtherPairs() {
        let one = PairSample(items: 1000, count: 5000, seed: 42)
        let again = PairSample(items: 1000, count: 5000, seed: 42)
        let other = PairSample(items: 1000, count: 5000, seed: 43)
        #expect(one == again)
        #expect(one.first != other.first || one.second != other.second)
    }

    @Test func askingForEveryPairGivesEveryPairOnce() {
        let sample = PairSample(items: 30, count: 10_000, seed: 1)
        #expect(sample.count == 435)
        #expect(Set((0 ..< sample.count).map { Int(sample.first[$0]) * 30 + Int(sample.second[$0]) }).count == 435)
    }

    @Test func noPairsForFewerThanTwoItems() {
        #expect(PairSample(items: 0, count: 10, seed: 1).count == 0)
        #expect(PairSample(items: 1, count: 10, seed: 1).count == 0)
        #expect(PairSample.totalPairs(items: 20_001) == 20_001 * 20_000 / 2)
    }

    /// Each item takes part in about 2·count/n pairs: a sample biased toward low or high
    /// indices (e.g. by keeping the smallest keys) would fail this.
    @Test func itemsAreCoveredUniformly() {
        let n = 200
        let sample = PairSample(items: n, count: 10_000, seed: 9)
        var degree = [Int](repeating: 0, count: n)
        for index in 0 ..< sample.count {
            degree[Int(sample.first[index])] += 1
            degree[Int(sample.second[index])] += 1
        }
        let expected = 2.0 * 10_000 / Double(n)  // 100
        let firstHalf = degree.prefix(n / 2).reduce(0, +), secondHalf = degree.suffix(n / 2).reduce(0, +)
        #expect(abs(Double(firstHalf - secondHalf)) < 0.05 * Double(firstHalf + secondHalf))
        #expect(degree.allSatisfy { Double($0) > expected * 0.5 && Double($0) < expected * 1.5 })
    }
}
