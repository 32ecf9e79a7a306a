import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `stat(2)` says about a file, enough to tell that its bytes may have changed:
/// a file renamed over another (cp -p, rsync -a, tar x) has a new inode even with the old
/// size and mtime, and rewriting in place then restoring the mtime still moves the ctime,
/// which no user call can set back.
struct FileIdentity: Equatable {
    let device: Int64
    let inode: Int64
    let size: Int64
    let modifiedNanoseconds: Int64
    let changedNanoseconds: Int64

    /// The identity of the file at `path` (links followed), or `nil` if it cannot be read
    /// or its times do not fit 64-bit nanoseconds.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The identity of the open file `descriptor` (the file read, whatever its path now names).
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init?(_ info: stat) {
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        guard let modified = Self.nanoseconds(info.st_mtim), let changed = Self.nanoseconds(info.st_ctim) else { return nil }
        device = Int64(bitPattern: UInt64(info.st_dev))
        inode = Int64(bitPattern: UInt64(info.st_ino))
        size = Int64(info.st_size)
        modifiedNanoseconds = modified
        changedNanoseconds = changed
    }

    /// Whether the last change (ctime) lies at least `settleTime` in the past.
    func isSettled(for settleTime: Duration) -> Bool {
        var now = timespec()
        guard clock_gettime(CLOCK_REALTIME, &now) == 0, let current = Self.nanoseconds(now) else { return false }
        let (seconds, overflow) = settleTime.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (settle, sumOverflow) = seconds.addingReportingOverflow(settleTime.components.attoseconds / 1_000_000_000)
        let (cutoff, underflow) = current.subtractingReportingOverflow(settle)
        return !overflow && !sumOverflow && !underflow && changedNanoseconds <= cutoff
    }

    private static func nanoseconds(_ time: timespec) -> Int64? {
        let (seconds, overflow) = Int64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        let (total, sumOverflow) = seconds.addingReportingOverflow(Int64(time.tv_nsec))
        return overflow || sumOverflow ? nil : total
    }
}
