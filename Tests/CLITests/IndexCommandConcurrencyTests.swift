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

    @Test func sameCorpusTwiceAtOnce() throws {
        let sandbox = try CacheSandbox()
        let lines = corpusLines(1500)
        let file = try sandbox.write(lines: lines, to: "corpus.txt")
        try runBoth(sandbox, [("shared", file), ("shared", file)])
        let store = try sandbox.store()
        let corpus = try store.requireCorpus(named: "shared")
        #expect(corpus.isComplete && corpus.itemCount == lines.count)
        #expect(try store.vectorCount(model: corpus.model, precision: .f32) == lines.count)
        #expect(try store.items(of: corpus, at: Array(0..<lines.count)).map(\.item.text) == lines)
        #expect(try store.verify().isHealthy)
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
