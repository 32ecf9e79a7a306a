import Foundation
import Testing
import TestSupport

/// `semblance bench` runs and reports every figure; timings themselves are not checked.
struct BenchCommandTests {
    @Test func reportsEveryFigureForAModelOverAnInputFile() throws {
        let temp = try TemporaryDirectory()
        let file = try temp.write("texts.txt", "A dog runs in the park after the red ball.\n\nTwo people are talking.\nSnow fell all night long on the quiet village streets.\n")
        let result = try CommandRunner.semblance([
            "bench", "--model", Fixtures.tinyModel.path, "--input", file.path,
            "--runs", "2", "--singles", "3", "--batch-size", "2", "--threads", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for label in ["model:", "workload:", "load:", "tokenize:", "sgemm:", "batch:", "effective:", "single:", "peak RSS:"] {
            #expect(lines.contains { $0.hasPrefix(label) }, "no \(label) line in:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("3 texts (the lines of texts.txt)"), "\(result.stdout)")
        #expect(result.stdout.contains("median of 2 passes"), "\(result.stdout)")
        #expect(result.stdout.contains("3 encodes of one item"), "\(result.stdout)")
        #expect(result.stdout.contains("1 thread)"), "\(result.stdout)")
    }

    /// `bench train` trains the first steps × batch pairs once to warm up, then the passes,
    /// and prints the line `benchmarks/train.sh` reads; too few pairs is one clear error.
    @Test func trainReportsThePassesAndThePeakMemory() throws {
        let pairs = Fixtures.root.appendingPathComponent("reference/training/pairs.tsv").path
        let result = try CommandRunner.semblance([
            "bench", "train", "--pairs", pairs, "--model", Fixtures.tinyModel.path, "--batch-size", "4", "--steps", "2", "--passes", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("train: batch 4, 2 steps × 2 passes: median "), "\(result.stdout)")
        #expect(result.stdout.contains(" pairs/s (min ") && result.stdout.contains("peak RSS "), "\(result.stdout)")
        #expect(result.stderr.contains("pass 0 (warm-up): ") && result.stderr.contains("pass 2: "), "\(result.stderr)")

        let tooFew = try CommandRunner.semblance([
            "bench", "train", "--pairs", pairs, "--model", Fixtures.tinyModel.path, "--batch-size", "8", "--steps", "6",
        ])
        #expect(tooFew.status != 0)
        #expect(tooFew.stderr.contains("42 pairs; 6 steps of 8 need 48"), "\(tooFew.stderr)")
    }

    @Test func exploreTypesEveryKeyIntoARealSessionAndReportsEachFigure() throws {
        let sandbox = try CacheSandbox()
        let corpus = try sandbox.write(lines: corpusLines(40), to: "corpus.txt")
        #expect(try sandbox.index("small", [corpus]).status == 0)
        let texts = try sandbox.write(lines: ["The cat sleeps.", "A train waits.", "Rain."], to: "typed.txt")
        let result = try sandbox.run([
            "bench", "explore", "--model", sandbox.model, "--corpus", "small", "--input", texts.path,
            "--pins", "1", "--passes", "2", "--interval", "0", "--size", "100x30",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // "A train waits." and "Rain." are typed twice: 19 keys per pass, each changing the text.
        #expect(result.stdout.contains("keystrokes:   38 (2 texts × 2 passes"), "\(result.stdout)")
        #expect(result.stdout.contains("corpus:       small, 40 items; 30 neighbours, 1 pinned"), "\(result.stdout)")
        for label in ["opened:", "updated:", "per pass:", "encode", "paint", "echo:", "peak RSS:"] {
            #expect(result.stdout.contains(label), "no \(label) in:\n\(result.stdout)")
        }
    }

    @Test func exploreAgainstASecondModelTimesBothColumnsAndRefusesAMissingCorpus() throws {
        let sandbox = try CacheSandbox()
        let corpus = try sandbox.write(lines: corpusLines(20), to: "corpus.txt")
        #expect(try sandbox.index("small", [corpus]).status == 0)
        let texts = try sandbox.write(lines: ["The cat sleeps.", "Rain."], to: "typed.txt")
        let modelB = Fixtures.root.appendingPathComponent("models/tiny-mpnet").path
        let arguments = ["bench", "explore", "--model", sandbox.model, "--corpus", "small", "--input", texts.path,
                         "--pins", "1", "--passes", "1", "--interval", "0", "--against", modelB]
        // B has no corpus of these items yet: one error saying how to index it, no figures.
        let missing = try sandbox.run(arguments)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("tiny-mpnet's column: corpus \"small\" is not indexed for model tiny-mpnet"), "\(missing.stderr)")
        #expect(missing.stderr.contains("semblance index --corpus small.tiny-mpnet"), "\(missing.stderr)")
        #expect(!missing.stdout.contains("updated:"))
        #expect(try sandbox.run(["index", "--corpus", "small-b", "--model", modelB, "--quiet", corpus.path]).status == 0)
        let result = try sandbox.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("; against tiny-mpnet (its neighbours column and matrix cosines on screen)"), "\(result.stdout)")
        #expect(result.stdout.contains("keystrokes:   5 (1 texts × 1 passes"), "\(result.stdout)")
    }

    @Test func exploreNamesAMissingCorpus() throws {
        let sandbox = try CacheSandbox()
        let corpus = try sandbox.write(lines: corpusLines(5), to: "corpus.txt")
        #expect(try sandbox.index("small", [corpus]).status == 0)
        let result = try sandbox.run(["bench", "explore", "--model", sandbox.model, "--corpus", "nowhere", "--passes", "1"])
        #expect(result.status != 0)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.contains("no corpus named \"nowhere\"") == true, "\(result.stderr)")
    }

    @Test func syntheticWithInputOrModelIsAnError() throws {
        let withInput = try CommandRunner.semblance(["bench", "--synthetic", "minilm", "--input", "x.txt"])
        #expect(withInput.status != 0)
        #expect(withInput.stderr.contains("--input needs a model"), "\(withInput.stderr)")
        let withModel = try CommandRunner.semblance(["bench", "--synthetic", "bert-base", "--model", Fixtures.tinyModel.path])
        #expect(withModel.status != 0)
        #expect(withModel.stderr.contains("give --model or --synthetic, not both"), "\(withModel.stderr)")
        let badShape = try CommandRunner.semblance(["bench", "--synthetic", "gpt"])
        #expect(badShape.status != 0)
    }
}
