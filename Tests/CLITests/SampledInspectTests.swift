import Foundation
import SpaceAnalysis
import Testing
import TestSupport
import VectorCache

/// What `inspect` and `search` say when a corpus's statistics come from a sample of its rows
/// (above `CorpusSpace.rowLimit` items): a sampled summary is stored for a small corpus here,
/// as a large one would have it, and the commands read it.
struct SampledInspectTests {
    private func sandboxWithSampledStatistics() throws -> CacheSandbox {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: corpusLines(30), to: "corpus.txt")
        let indexed = try sandbox.index("days", [file])
        try #require(indexed.status == 0, "\(indexed.stderr)")
        let store = try VectorStore(path: sandbox.cachePath, writable: true)
        let record = try store.requireCorpus(named: "days")
        let matrix = try store.loadMatrix(of: record)
        let space = try CorpusSpace.compute(rows: matrix.rows, dimension: matrix.dimension, storage: matrix.storage,
                                            scoring: .cosine, rowLimit: 10, workers: 2)
        try #require(space.isRowSampled)
        _ = try store.storeStatistics(SpaceSummaryCodec.encode(space), of: record, kind: "space-v2")
        return sandbox
    }

    @Test func theTableSaysTheFiguresComeFromASample() throws {
        let sandbox = try sandboxWithSampledStatistics()
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "-k", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("from a sample of 10 of 30 items; the mean vector is over every item"), "\(result.stdout)")
        #expect(result.stdout.contains("Principal components of the centred vectors (from a sample of 10 of 30 items):"))
        #expect(!result.stdout.contains("all 435 distinct pairs"))
    }

    @Test func theJSONSaysHowManyRowsTheFiguresComeFrom() throws {
        let sandbox = try sandboxWithSampledStatistics()
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "-k", "3", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [String: Any])
        #expect(rows["analysed"] as? Int == 10 && rows["sampled"] as? Bool == true && rows["seed"] is String)
        #expect((object["pairs"] as? [String: Any])?["exact"] as? Bool == false)
        #expect((object["pairs"] as? [String: Any])?["total"] as? Int == 435)
    }

    @Test func searchSaysItsPercentilesComeFromASample() throws {
        let sandbox = try sandboxWithSampledStatistics()
        let result = try sandbox.run(["search", "--corpus", "days", "--model", sandbox.model, "-k", "2", corpusLines(30)[3]])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ranked among a sample of 45 of 435 pairs from a sample of 10 of 30 items"), "\(result.stdout)")
    }

    @Test func anUnsampledCorpusSaysNothingOfASample() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: corpusLines(30), to: "corpus.txt")
        #expect(try sandbox.index("days", [file]).status == 0)
        let result = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "-k", "3", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [String: Any])
        #expect(rows["analysed"] as? Int == 30 && rows["sampled"] as? Bool == false && rows["seed"] is NSNull)
        let table = try sandbox.run(["inspect", "--corpus", "days", "--model", sandbox.model, "-k", "3"])
        #expect(!table.stdout.contains("sample"), "\(table.stdout)")
    }
}
