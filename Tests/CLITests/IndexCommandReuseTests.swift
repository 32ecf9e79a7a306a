import Foundation
import Testing
import TestSupport
import VectorCache

/// `semblance index` encodes only what the cache lacks for the model.
struct IndexCommandReuseTests {
    @Test func reindexEncodesNothingAndTenNewLinesEncodeTen() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: corpusLines(50), to: "corpus.txt")
        let first = try sandbox.index("notes", [file])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(count(before: "encoded", in: first.stdout) == 50)

        let again = try sandbox.index("notes", [file])
        #expect(again.status == 0)
        #expect(count(before: "encoded", in: again.stdout) == 0)
        #expect(count(before: "items", in: again.stdout) == 50)

        _ = try sandbox.write(lines: corpusLines(60), to: "corpus.txt")
        let grown = try sandbox.index("notes", [file])
        #expect(count(before: "encoded", in: grown.stdout) == 10)
        #expect(count(before: "items", in: grown.stdout) == 60)
        let store = try sandbox.store()
        #expect(try store.loadMatrix(of: store.requireCorpus(named: "notes")).rows == 60)
    }

    @Test func aTextInTwoCorporaIsEncodedOnceAndEmptyLinesAreSkipped() throws {
        let sandbox = try CacheSandbox()
        let first = try sandbox.directory.write("a.txt", "alpha one\n\nshared line\n   \n")
        let second = try sandbox.directory.write("b.txt", "shared line\nbeta two\n")
        #expect(count(before: "encoded", in: try sandbox.index("a", [first]).stdout) == 2)
        let result = try sandbox.index("b", [second])
        #expect(count(before: "encoded", in: result.stdout) == 1)
        #expect(count(before: "items", in: result.stdout) == 2)
    }

    @Test func jsonlAndCSVSourcesWithIds() throws {
        let sandbox = try CacheSandbox()
        let jsonl = try sandbox.directory.write("packages.jsonl", """
            {"package": "curl", "description": "command line tool for transferring data"}
            {"package": "vim", "description": "Vi IMproved, a text editor"}

            """)
        let csv = try sandbox.directory.write("more.csv", "name,summary\nsed,\"stream editor, for filtering\"\n")
        let result = try sandbox.run(["index", "--corpus", "pkgs", jsonl.path, "--field", "description",
                                      "--id-field", "package", "--model", sandbox.model, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let csvResult = try sandbox.run(["index", "--corpus", "csv", csv.path, "--column", "2", "--id-field", "name",
                                         "--model", sandbox.model, "--quiet"])
        #expect(csvResult.status == 0, "\(csvResult.stderr)")
        let search = try sandbox.run(["search", "--corpus", "pkgs", "--model", sandbox.model, "--format", "jsonl",
                                      "-k", "1", "Vi IMproved, a text editor"])
        #expect(search.stdout.contains(#""id":"vim""#))
        let csvSearch = try sandbox.run(["search", "--corpus", "csv", "--model", sandbox.model, "--format", "jsonl", "x"])
        #expect(csvSearch.stdout.contains(#""text":"stream editor, for filtering","id":"sed""#))
    }

    @Test func f16CorpusReusesTheF32Vectors() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: corpusLines(40), to: "corpus.txt")
        _ = try sandbox.index("full", [file])
        let half = try sandbox.index("half", [file], extra: ["--precision", "f16"])
        #expect(half.status == 0)
        #expect(count(before: "encoded", in: half.stdout) == 0)
        let list = try sandbox.run(["cache", "list"])
        #expect(list.stdout.contains("f16"))
        // What is stored, not what is listed: an f16 corpus whose rows are the f32 rows rounded
        // to the nearest binary16 (Swift's own `Float16` is the reference rounding).
        let store = try sandbox.store()
        let full = try store.requireCorpus(named: "full"), halfCorpus = try store.requireCorpus(named: "half")
        #expect(full.precision == .f32 && halfCorpus.precision == .f16)
        let fullMatrix = try store.loadMatrix(of: full), halfMatrix = try store.loadMatrix(of: halfCorpus)
        try #require(fullMatrix.rows == 40 && halfMatrix.rows == 40)
        for row in 0..<40 {
            let exact = try #require(fullMatrix.row(row)), rounded = try #require(halfMatrix.row(row))
            #expect(rounded == exact.map { Float(Float16($0)) }, "row \(row)")
            #expect(rounded != exact, "row \(row) was not rounded at all")
        }
    }
}
