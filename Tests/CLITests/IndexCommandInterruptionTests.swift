import Foundation
import Testing
import TestSupport
import VectorCache

/// Killing the indexer loses at most a batch; a rerun completes the corpus exactly.
struct IndexCommandInterruptionTests {
    @Test func sigkillMidRunThenRerunCompletesWithFreshVectors() throws {
        let sandbox = try CacheSandbox()
        let lines = corpusLines(6000)
        let file = try sandbox.write(lines: lines, to: "corpus.txt")
        let (process, progress) = try sandbox.startIndexingWithProgress("big", file, extra: ["--batch-size", "16"])
        // The gate: the first progress line is written after the first committed batch, so the
        // kill lands mid-run with at least that much stored (no polling, no sleeps).
        let firstLine = ProgressLine()
        Thread.detachNewThread { firstLine.read(from: progress) }
        let reported = firstLine.wait(seconds: 120)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let storedAtKill = try #require(reported, "no progress line before the indexer ended")
        #expect(storedAtKill >= 16)
        try #require(process.terminationReason == .uncaughtSignal, "the indexer finished before it could be killed")

        let before = try sandbox.store()
        let interrupted = try before.requireCorpus(named: "big")
        #expect(!interrupted.isComplete)
        let stored = try before.loadMatrix(of: interrupted).rows
        #expect(stored >= storedAtKill && stored < lines.count)
        #expect(stored % 16 == 0)  // whole batches only

        let rerun = try sandbox.index("big", [file], extra: ["--batch-size", "16"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(count(before: "encoded", in: rerun.stdout) == lines.count - stored)

        let store = try sandbox.store()
        let corpus = try store.requireCorpus(named: "big")
        #expect(corpus.isComplete && corpus.itemCount == lines.count)
        #expect(try store.verify().isHealthy)
        #expect(try store.vectorCount(model: corpus.model, precision: .f32) == lines.count)
        let texts = try store.items(of: corpus, at: Array(0..<lines.count)).map(\.item.text)
        #expect(texts == lines)

        // Every stored vector equals what `semblance encode` computes from scratch. Same batch
        // size, so the same texts share each forward pass: BLAS rounds differently for other
        // batch shapes (by ~1e-7), which is the encoder's business, not the cache's.
        let fresh = try CommandRunner.semblance(["encode", "--input", file.path, "--model", sandbox.model,
                                                 "--format", "jsonl", "--batch-size", "16", "--quiet"])
        try #require(fresh.status == 0, "\(fresh.stderr)")
        let encoded = try fresh.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(ReferenceEmbedding.self, from: Data($0.utf8)).embedding
        }
        let matrix = try store.loadMatrix(of: corpus)
        try #require(encoded.count == matrix.rows)
        var worst: Float = 0
        for row in 0..<matrix.rows { worst = max(worst, maxAbsoluteDifference(matrix.row(row) ?? [], encoded[row])) }
        #expect(worst == 0)
    }
}

/// The item count of the first progress line ("index big: 16/6000  …"), read on another
/// thread so that waiting for it can time out.
private final class ProgressLine: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var count: Int?

    func read(from handle: FileHandle) {
        var bytes = Data()
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }  // the process ended without a line
            bytes.append(chunk)
        }
        let line = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        if let counts = line.split(separator: " ").first(where: { $0.contains("/") }),
           let done = Int(counts.split(separator: "/")[0]) {
            count = done
        }
        done.signal()
    }

    /// The count, or nil when no line came within `seconds` or it did not parse.
    func wait(seconds: Int) -> Int? {
        guard done.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        return count
    }
}
