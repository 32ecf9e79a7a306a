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
