import CFileWriteback
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the kernel writing some files' dirty pages to disk while a long run writes them
/// (SQLite's write-ahead log during an import), from a thread of its own.
///
/// Left alone, Linux holds dirty pages until they are 30 s old or gigabytes have piled up,
/// so each checkpoint's fsync found about a gigabyte still to write and the import stood
/// waiting for the disk several seconds at a time while the disk was idle in between. Asking
/// for writeback every quarter second spreads the same bytes over the run. Durability is
/// unchanged: SQLite's own fsyncs still decide what is on disk.
///
/// Never give it the database file itself: SQLite locks that file with POSIX locks, and
/// closing any other descriptor of it drops all of the process's locks on it (SQLite's
/// "how to corrupt" list). The log carries no such locks.
final class BackgroundWriteback: Sendable {
    private let state: State

    /// Starts nudging `paths` (each opened read-only when it exists: a log not created yet
    /// is picked up once it is).
    init(paths: [String], interval: TimeInterval = 0.25) {
        let state = State()
        self.state = state
        // The thread holds only the state, so dropping this object stops it (`deinit`).
        let thread = Thread { state.loop(paths: paths, interval: interval) }
        thread.name = "semblance writeback"
        thread.start()
    }

    /// Stops the thread and waits for it (its descriptors closed). Safe to call twice.
    func stop() { state.stop() }

    deinit { state.stop() }

    private final class State: @unchecked Sendable {
        private let condition = NSCondition()
        private var running = true
        private let stopped = DispatchSemaphore(value: 0)

        func stop() {
            condition.lock()
            let wasRunning = running
            running = false
            condition.signal()
            condition.unlock()
            if wasRunning { stopped.wait() }
        }

        func loop(paths: [String], interval: TimeInterval) {
            var descriptors: [String: Int32] = [:]
            condition.lock()
            while running {
                condition.unlock()
                for path in paths {
                    if descriptors[path] == nil {
                        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
                        if descriptor >= 0 { descriptors[path] = descriptor }
                    }
                    // A failure (a file system without it) only means no early writeback.
                    if let descriptor = descriptors[path] { _ = semblance_start_writeback(descriptor, 0, 0) }
                }
                condition.lock()
                if running { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            }
            condition.unlock()
            for descriptor in descriptors.values { close(descriptor) }
            stopped.signal()
        }
    }
}
