import Dispatch
import Synchronization

/// Splits the steps of a forward pass over threads: indexed parts that write disjoint memory.
/// (Public for its tests.)
public enum ParallelWork {
    /// Calls `body(0) … body(count − 1)` on up to `threads` threads (the calling one and
    /// the helpers of a `WorkerPool`, or Dispatch's workers when that pool is busy), and
    /// returns when all have returned. With `threads` 1 (or `count` 1) every call happens in
    /// order on the calling thread.
    ///
    /// `body` is not `@Sendable`: callers pass closures over raw pointers into working
    /// memory, where each part writes only its own rows or columns and reads only what no
    /// part writes. Everything the parts touch outlives the call, which blocks until the last
    /// part is done, so it is safe to hand `body` to other threads. (It is `@escaping` only
    /// because the pool keeps it in a property while the parts run.)
    public static func forEach(_ count: Int, threads: Int, _ body: @escaping (Int) -> Void) {
        guard count > 1, threads > 1 else {
            for index in 0..<max(count, 0) { body(index) }
            return
        }
        if WorkerPool.forThreads(threads)?.run(count, body) == true { return }
        let shared = UncheckedSendableBox(body)
        // `threads` workers take the next index until none is left: at most `threads`
        // threads whatever Dispatch's width, and a worker that runs late (descheduled
        // on a busy machine) leaves its share to the others.
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                shared.value(index)
            }
        }
    }

    /// The `part`-th of `parts` nearly equal slices of `0 ..< count`, each a multiple of
    /// `granularity` long except perhaps the last (so matrix kernels see whole panels).
    public static func slice(_ part: Int, of parts: Int, count: Int, granularity: Int = 16) -> Range<Int> {
        let units = (count + granularity - 1) / granularity
        let lower = min(count, (units * part / parts) * granularity)
        let upper = min(count, (units * (part + 1) / parts) * granularity)
        return lower ..< upper
    }

    /// Carries a non-Sendable value into Dispatch's `@Sendable` closures; see `forEach`.
    private struct UncheckedSendableBox<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
