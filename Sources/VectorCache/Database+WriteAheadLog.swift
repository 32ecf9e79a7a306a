import Foundation

extension Database {
    /// Puts the file in WAL mode; a no-op when it already is.
    ///
    /// Switching a file that is not in WAL mode yet (a new cache) reads page 1, then upgrades
    /// to a write lock. When another connection holds the write lock meanwhile, SQLite returns
    /// SQLITE_BUSY at once instead of calling the busy handler, which could deadlock on a
    /// read-to-write upgrade. Two processes creating one cache together hit exactly that, so
    /// the switch is retried, each time from no lock, until the busy timeout runs out; once
    /// the other connection has switched the file, the retry finds WAL and writes nothing.
    /// `whileWaiting` is called before each pause.
    public func enableWriteAheadLog(whileWaiting: (@Sendable () -> Void)? = nil) throws {
        let deadline = ContinuousClock.now + busyTimeout
        var pause: TimeInterval = 0.001  // seconds, doubling up to 50 ms: the holder needs the CPU more
        while true {
            do {
                _ = try scalar("PRAGMA journal_mode = WAL")
                return
            } catch let error as SQLiteError where error.code == SQLiteResultCode.busy && ContinuousClock.now < deadline {
                whileWaiting?()
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 0.05)
            }
        }
    }
}
