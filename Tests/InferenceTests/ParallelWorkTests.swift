import Dispatch
import Foundation
import Testing
import Inference

/// Every part of a parallel step runs exactly once, through the spinning pool or, when it is
/// busy, through Dispatch — including when several threads submit steps at once.
struct ParallelWorkTests {
    /// Runs `steps` steps of varying part counts and returns how often each part of each ran.
    private static func runSteps(_ steps: Int, threads: Int, seed: Int) -> [[Int]] {
        (0..<steps).map { step in
            let count = 1 + (step * 7 + seed) % 40
            let hits = Hits(count)
            ParallelWork.forEach(count, threads: threads) { index in hits.record(index) }
            return hits.counts
        }
    }

    @Test(arguments: [2, 3, 4])
    func everyPartRunsOnceInStepAfterStep(threads: Int) {
        let counts = Self.runSteps(2_000, threads: threads, seed: threads)
        #expect(counts.allSatisfy { $0.allSatisfy { $0 == 1 } })
    }

    @Test func stepsSubmittedFromSeveralThreadsAtOnceAllComplete() {
        let failures = Hits(1)
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            let counts = Self.runSteps(500, threads: 2, seed: caller)
            if !counts.allSatisfy({ $0.allSatisfy { $0 == 1 } }) { failures.record(0) }
        }
        #expect(failures.counts == [0])
    }

    @Test func aStepInsideAStepStillRunsEveryPart() {
        let hits = Hits(6)
        ParallelWork.forEach(3, threads: 2) { _ in
            ParallelWork.forEach(6, threads: 2) { index in hits.record(index) }
        }
        #expect(hits.counts == [3, 3, 3, 3, 3, 3])
    }

    @Test func slicesCoverTheRangeInOrderWithoutOverlap() {
        for count in [0, 1, 15, 16, 17, 384, 1536, 1000] {
            for parts in 1...8 {
                let slices = (0..<parts).map { ParallelWork.slice($0, of: parts, count: count) }
                #expect(slices.first?.lowerBound == 0)
                #expect(slices.last?.upperBound == count)
                #expect(zip(slices, slices.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            }
        }
    }
}

/// How often each part ran, shared by the threads that run them. (An NSLock, not a Mutex:
/// ThreadSanitizer does not see Mutex's futex calls and would report false races.)
private final class Hits: @unchecked Sendable {
    private var storage: [Int]
    private let lock = NSLock()
    init(_ count: Int) { storage = [Int](repeating: 0, count: count) }
    func record(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        storage[index] += 1
    }
    var counts: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
