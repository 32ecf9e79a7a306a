import Foundation
import Testing
import TestSupport
import VectorCache

/// Prompts and similarity functions through the binary: flags, what index and search announce,
/// the cache keyed by prompt, and `similarity --format json`.
struct PromptAndSimilarityCommandTests {
    static func variant(_ name: String) -> String {
        Fixtures.root.appendingPathComponent("models/modules/\(name)").path
    }

    @Test func similarityUsesTheModelsFunction() throws {
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf:
            Fixtures.root.appendingPathComponent("reference/modules/mean-manhattan/similarity.json"))) as? [String: Any])
        let texts = try #require(reference["texts"] as? [String])
        let expected = try #require(reference["matrix"] as? [[Double]])
        let result = try CommandRunner.semblance(
            ["similarity", texts[2], texts[3], "--model", Self.variant("mean-manhattan"), "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(json["similarity_fn_name"] as? String == "manhattan")
        let matrix = try #require(json["matrix"] as? [[Double]])
        #expect(abs(matrix[0][1] - expected[2][3]) <= 1e-5 * abs(expected[2][3]), "\(matrix[0][1]) vs \(expected[2][3])")
    }

    /// Corpus items get the document prompt, queries the query prompt; each is printed once,
    /// and vectors of another prompt are never reused.
    @Test func indexAndSearchUseAndAnnounceTheirPrompts() throws {
        let sandbox = try CacheSandbox()
        let model = Self.variant("dense-tanh-prompts")
        let file = try sandbox.write(lines: ["a dog runs in the park", "the stock market fell", "a cat sleeps"], to: "c.txt")
        let first = try sandbox.run(["index", "--corpus", "docs", file.path, "--model", model])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("index docs: corpus items: prompt document (\"Represent this document for retrieval: \")"), "\(first.stderr)")
        #expect(first.stderr.components(separatedBy: "prompt document").count == 2)

        let search = try sandbox.run(["search", "--corpus", "docs", "a puppy", "--model", model, "--format", "jsonl"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stderr == "search: queries: prompt query (\"query: \")\n", "\(search.stderr)")
        #expect(search.stdout.split(separator: "\n").count == 3)

        // Another prompt: the same texts are encoded again, not taken from the cache.
        let passage = try sandbox.run(["index", "--corpus", "passages", file.path, "--model", model, "--prompt-name", "passage"])
        #expect(passage.status == 0, "\(passage.stderr)")
        #expect(count(before: "encoded", in: passage.stdout) == 3, "\(passage.stdout)")
        // The first prompt again: everything reused.
        let again = try sandbox.run(["index", "--corpus", "docs2", file.path, "--model", model, "--quiet"])
        #expect(count(before: "reused", in: again.stdout) == 3, "\(again.stdout)")
        // A corpus indexed with another document prompt is still searchable with this model.
        let other = try sandbox.run(["search", "--corpus", "passages", "a puppy", "--model", model, "--prompt", ""])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(other.stderr == "search: queries: prompt none\n", "\(other.stderr)")
    }

    @Test func promptFlagsAreExclusiveAndChecked() throws {
        let both = try CommandRunner.semblance(
            ["encode", "x", "--model", Self.variant("dense-tanh-prompts"), "--prompt-name", "query", "--prompt", "q: "])
        #expect(both.status != 0 && both.stderr.contains("give --prompt-name or --prompt, not both"))
        // A literal prompt is the named one's text: same vectors.
        let named = try CommandRunner.semblance(["encode", "x", "--model", Self.variant("dense-tanh-prompts"), "--prompt-name", "passage"])
        let literal = try CommandRunner.semblance(["encode", "x", "--model", Self.variant("dense-tanh-prompts"), "--prompt", "passage: "])
        #expect(named.status == 0 && named.stdout == literal.stdout)
    }

    /// A plain model's vectors keep their cache key: no prompt adds no fingerprint component.
    @Test func plainModelsKeepTheirCacheKey() throws {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: ["one", "two"], to: "p.txt")
        #expect(try sandbox.index("plain", [file]).status == 0)
        let record = try #require(try sandbox.store().corpus(named: "plain"))
        #expect(!record.model.details.contains("\"prompt\""), "\(record.model.details)")
        #expect(!record.model.details.contains("\"modules\""))
    }
}
