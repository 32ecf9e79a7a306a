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
        let process = try sandbox.startIndexing("big", file, extra: ["--batch-size", "16"])
        var storedAtKill = 0
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if let store = try? sandbox.store(), let corpus = try? store.corpus(named: "big"),
               let stored = try? store.summaries().first(where: { $0.corpus.id == corpus.id })?.storedItems,
               stored >= 32 {
                kill(process.processIdentifier, SIGKILL)
                storedAtKill = stored
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
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
