import Foundation

/// A stream of batches on two threads: a second thread produces batch n + 1 (reads, parses,
/// converts it) while the calling thread consumes batch n (writes it). The producer starts a
/// batch only once the consumer has taken the one before, so at most two are alive at once.
///
/// A producer's error reaches the consumer in its batch's place (after every batch before it)
/// and is thrown from `run`. A consumer's error stops the producer at its next hand-off. Either
/// way `run` returns only once the producer is done, so nothing it uses outlives the call.
enum OverlappedBatches {
    static func run<Batch: Sendable>(producing produce: @escaping @Sendable (_ deliver: (Batch) throws -> Void) throws -> Void,
                                     consuming consume: (Batch) throws -> Void) throws {
        let handoff = Handoff<Batch>()
        let producer = Thread {
            do {
                try produce { try handoff.put($0) }
                handoff.finish(failure: nil)
            } catch {
                handoff.finish(failure: error)
            }
        }
        producer.stackSize = 4 << 20
        producer.start()
        do {
            while let batch = try handoff.take() { try consume(batch) }
        } catch {
            handoff.cancel()
            handoff.waitUntilFinished()
            throw error
        }
        handoff.waitUntilFinished()
    }
}

/// One batch at a time from the producer to the consumer, under one lock.
final class Handoff<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slot: Batch?
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    /// Thrown to the producer once the consumer has given up.
    struct Cancelled: Error {}

    /// Producer: hands `batch` over, then waits until the consumer has taken it.
    func put(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled else { throw Cancelled() }
        slot = batch
        condition.broadcast()
        while slot != nil, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
    }

    /// Producer: no more batches; `failure` is why, when it stopped on an error.
    func finish(failure: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        self.failure = failure
        condition.broadcast()
    }

    /// Consumer: the next batch; nil after the last; throws the producer's error in its place.
    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while slot == nil, !finished { condition.wait() }
        if let batch = slot {
            slot = nil
            condition.broadcast()
            return batch
        }
        if let failure, !(failure is Cancelled) { throw failure }
        return nil
    }

    /// Consumer: gives up; the producer's next hand-off throws `Cancelled`.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }

    /// Waits until the producer has finished (after the last batch, an error or `Cancelled`).
    func waitUntilFinished() {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
    }
}
