import Foundation
import Testing
import TestSupport
import VectorCache

/// Two `semblance index` processes on one cache file at once.
struct IndexCommandConcurrencyTests {
    /// Starts both jobs, waits for both, and expects both to succeed (showing their stderr if not).
    private func runBoth(_ sandbox: CacheSandbox, _ jobs: [(String, URL)]) throws {
        let logs = jobs.indices.map { sandbox.directory.file("index-\($0).stderr") }
        let processes = try zip(jobs, logs).map { job, log in
            try sandbox.startIndexing(job.0, job.1, extra: ["--batch-size", "8"], errors: log)
        }
        for process in processes { process.waitUntilExit() }
        let errors = logs.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        #expect(processes.map(\.terminationStatus) == [0, 0], "stderr: \(errors)")
    }

    /// Two runs of one corpus, a long file and its first 100 lines, both started while the
    /// test holds the corpus (so they certainly overlap in time): each says it waits and
    /// writes nothing; once let go, one runs after the other. Each run's summary shows it
    /// found the other's finished corpus, and the corpus is exactly one file's items,
    /// never a mix of both (which `search` would call damaged).
    @Test func sameCorpusTwiceAtOnceIsSerialised() throws {
        let sandbox = try CacheSandbox()
        let big = corpusLines(1500), small = Array(big.prefix(100))
        let bigFile = try sandbox.write(lines: big, to: "big.txt"), smallFile = try sandbox.write(lines: small, to: "small.txt")
        let holder = try VectorStore(path: sandbox.cachePath, writable: true).lockCorpus(named: "shared")
        let bigRun = try WatchedCommand(sandbox, ["index", "--corpus", "shared", bigFile.path, "--model", sandbox.model,
                                                  "--quiet", "--batch-size", "8"])
        let bigWaited = bigRun.stderrUntil(containing: "waiting")  // gate: the first run is blocked on the corpus
        let smallRun = try WatchedCommand(sandbox, ["index", "--corpus", "shared", smallFile.path, "--model", sandbox.model,
                                                    "--quiet", "--batch-size", "8"])
        let smallWaited = smallRun.stderrUntil(containing: "waiting")  // gate: so is the second
        #expect(bigWaited.contains("waiting: another `semblance index` or `cache remove` is using corpus \"shared\""), "\(bigWaited)")
        #expect(smallWaited.contains("waiting"), "\(smallWaited)")
        #expect(try sandbox.store().corpus(named: "shared") == nil)  // neither wrote while waiting
        holder.release()
        let bigResult = bigRun.finish(), smallResult = smallRun.finish()
        #expect(bigResult.status == 0 && smallResult.status == 0, "\(bigResult.stderr) \(smallResult.stderr)")

        let store = try sandbox.store()
        let corpus = try store.requireCorpus(named: "shared")
        let texts = try store.items(of: corpus, at: Array(0..<big.count)).map(\.item.text)
        if texts == small {
            // The small run went second: it found the whole big corpus and cut it.
            #expect(count(before: "removed", in: smallResult.stdout) == 1400, "\(smallResult.stdout)")
            #expect(count(before: "encoded", in: smallResult.stdout) == 0)
        } else {
            // The big run went second: it reused the small one's 100 vectors.
            #expect(texts == big, "a mix of both runs: \(texts.count) items")
            #expect(count(before: "reused", in: bigResult.stdout) == 100, "\(bigResult.stdout)")
            #expect(count(before: "removed", in: bigResult.stdout) == 0)
        }
        #expect(corpus.isComplete && corpus.itemCount == texts.count)
        #expect(try store.verify().isHealthy)
    }

    /// `cache remove` while the corpus is being indexed waits for the run (it used to end in
    /// SQLite's raw "FOREIGN KEY constraint failed"). Both start while the test holds the
    /// corpus; once let go, they run one after the other, in either order, and both succeed.
    @Test func removeDuringIndexWaitsForTheRun() throws {
        let sandbox = try CacheSandbox()
        _ = try sandbox.index("shared", [try sandbox.write(lines: corpusLines(20), to: "old.txt")])
        let file = try sandbox.write(lines: corpusLines(300, from: 50), to: "corpus.txt")
        let holder = try VectorStore(path: sandbox.cachePath, writable: true).lockCorpus(named: "shared")
        let indexRun = try WatchedCommand(sandbox, ["index", "--corpus", "shared", file.path, "--model", sandbox.model, "--quiet"])
        #expect(indexRun.stderrUntil(containing: "waiting").contains("waiting"))
        let removal = try WatchedCommand(sandbox, ["cache", "remove", "shared"])
        #expect(removal.stderrUntil(containing: "waiting").contains("waiting"))
        holder.release()
        let removed = removal.finish(), indexed = indexRun.finish()
        #expect(indexed.status == 0, "\(indexed.stderr)")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!removed.stderr.contains("constraint") && !indexed.stderr.contains("constraint"))
        let store = try sandbox.store()
        if let corpus = try store.corpus(named: "shared") {
            // The removal went first and took the old 20 items; the run then built its corpus.
            #expect(removed.stdout.contains("removed corpus shared: 20 items"), "\(removed.stdout)")
            #expect(corpus.isComplete && corpus.itemCount == 300)
        } else {
            // The run went first; the removal took all it had finished.
            #expect(removed.stdout.contains("removed corpus shared: 300 items"), "\(removed.stdout)")
        }
        #expect(try store.verify().isHealthy)
    }

    @Test func removeWaitsWhileTheCorpusIsHeld() throws {
        let sandbox = try CacheSandbox()
        _ = try sandbox.index("shared", [try sandbox.write(lines: corpusLines(20), to: "corpus.txt")])
        let holder = try VectorStore(path: sandbox.cachePath, writable: true).lockCorpus(named: "shared")
        let removal = try WatchedCommand(sandbox, ["cache", "remove", "shared"])
        let said = removal.stderrUntil(containing: "waiting")
        #expect(said.contains("waiting: another `semblance index` or `cache remove` is using corpus \"shared\""), "\(said)")
        #expect(try sandbox.store().corpus(named: "shared") != nil)  // nothing removed while waiting
        holder.release()
        let result = removal.finish()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.store().corpus(named: "shared") == nil)
    }

    @Test func differentCorporaAtOnce() throws {
        let sandbox = try CacheSandbox()
        let left = corpusLines(1500), right = corpusLines(1500, from: 1000)
        try runBoth(sandbox, [
            ("left", try sandbox.write(lines: left, to: "left.txt")),
            ("right", try sandbox.write(lines: right, to: "right.txt")),
        ])
        let store = try sandbox.store()
        for (name, lines) in [("left", left), ("right", right)] {
            let corpus = try store.requireCorpus(named: name)
            #expect(corpus.isComplete && corpus.itemCount == lines.count)
            #expect(try store.items(of: corpus, at: Array(0..<lines.count)).map(\.item.text) == lines)
        }
        let model = try store.requireCorpus(named: "left").model
        #expect(try store.vectorCount(model: model, precision: .f32) == 2500)  // 500 lines are in both
        #expect(try store.verify().isHealthy)
    }
}

/// A started `semblance` process whose stderr the test reads as it comes (a pipe: a blocking
/// read is the gate, no sleeping), and whose stdout is read when it ends.
final class WatchedCommand {
    private let process = Process()
    private let errors = Pipe(), output = Pipe()
    private var seenErrors = Data()

    init(_ sandbox: CacheSandbox, _ arguments: [String]) throws {
        process.executableURL = try CommandRunner.semblanceBinary()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SEMBLANCE_CACHE": sandbox.cachePath]) { $1 }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Stderr so far, read until it contains `needle` or the process closes it (then the
    /// caller's expectations fail instead of the test hanging).
    func stderrUntil(containing needle: String) -> String {
        while !String(decoding: seenErrors, as: UTF8.self).contains(needle) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seenErrors.append(chunk)
        }
        return String(decoding: seenErrors, as: UTF8.self)
    }

    /// How the process ended and all it printed.
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Waits for the end; all of stderr and stdout.
    func finish() -> Outcome {
        // Both pipes are read to their end before waiting, so a chatty process never blocks.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        seenErrors.append(errors.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: seenErrors, as: UTF8.self))
    }
}
