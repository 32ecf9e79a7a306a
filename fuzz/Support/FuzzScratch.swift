import Foundation

/// Files the fuzz entry points write their input into, in one private directory per process.
///
/// The readers under test take paths, not bytes: each run writes the input where the reader
/// looks for it. The directory lives on /dev/shm when it exists, so a run costs no disk I/O.
enum FuzzScratch {
    /// `/dev/shm/semblance-fuzz-<pid>` (or the same under $TMPDIR), created on first use.
    static let directory: URL = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm"
            : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        let url = URL(fileURLWithPath: base).appendingPathComponent("semblance-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: FuzzScratch.directory) }
        return url
    }()

    /// Writes `bytes` to `name` (a path relative to the scratch directory) and returns its URL.
    @discardableResult
    static func write(_ bytes: some Collection<UInt8>, to name: String) -> URL {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Not atomic on purpose: nothing maps the previous version once a run has returned.
        try? Data(bytes).write(to: url)
        return url
    }

    /// Removes `name` so that a reader sees it as absent.
    static func remove(_ name: String) {
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }
}

/// Splits one fuzz input into the contents of several files.
///
/// Sections are separated by the byte 0x1E (ASCII record separator), which no seed file
/// contains, so libFuzzer can grow, shrink and swap files with single-byte mutations.
/// Missing sections come back as nil: the file is absent.
enum FuzzSections {
    static let separator: UInt8 = 0x1E

    static func split(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [ArraySlice<UInt8>?] {
        let sections = Array(bytes).split(separator: separator, maxSplits: count - 1, omittingEmptySubsequences: false)
        return (0..<count).map { $0 < sections.count ? sections[$0] : nil }
    }
}

/// Stops the fuzzer with a message when an invariant the API promises does not hold.
/// libFuzzer records the input that got here as a crash.
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
               file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        FileHandle.standardError.write(Data("invariant failed at \(file):\(line): \(message())\n".utf8))
        abort()
    }
}
