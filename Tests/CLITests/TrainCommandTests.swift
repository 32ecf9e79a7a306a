import Foundation
import Glibc
import Testing
import TestSupport

/// `semblance train` end to end on the tiny BERT fixture: a model any command accepts, the
/// log, the model card, and the refusals.
struct TrainCommandTests {
    static let pairs = Fixtures.root.appendingPathComponent("reference/training/pairs.tsv").path
    static let model = Fixtures.tinyModel.path

    @Test func trainsAModelThatEncodesAndLogsEveryStep() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("trained").path, log = directory.file("steps.jsonl").path
        let result = try CommandRunner.semblance([
            "train", "--pairs", Self.pairs, "--model", Self.model, "--output", output, "--epochs", "1",
            "--batch-size", "8", "--lr", "1e-3", "--warmup-steps", "2", "--no-shuffle", "--no-dropout", "--log", log, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("trained model written to"))
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)  // 42 pairs in batches of 8, the last one of 2
        let first = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["step", "epoch", "loss", "lr", "grad_norm"])
        let card = try String(contentsOfFile: output + "/README.md", encoding: .utf8)
        #expect(card.contains("MultipleNegativesRankingLoss") && card.contains("'batch_size': 8") && card.contains("\"lr\": 0.001"))
        #expect(!FileManager.default.fileExists(atPath: output + "/checkpoint"))
        for file in ["config.json", "modules.json", "tokenizer.json", "1_Pooling/config.json", "model.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + file), "\(file) missing")
        }
        let encoded = try CommandRunner.semblance(["encode", "--model", output], stdin: Data("a cat\n".utf8))
        #expect(encoded.status == 0, "\(encoded.stderr)")
        let base = try CommandRunner.semblance(["encode", "--model", Self.model], stdin: Data("a cat\n".utf8))
        #expect(encoded.stdout != base.stdout)  // the weights changed
    }

    /// SIGTERM mid-run (the real binary, a clean signal mask): the run saves a checkpoint, says
    /// where, exits 143; `--resume` finishes it, and the model and the step log are exactly an
    /// uninterrupted run's. The gate is the first progress line; the one-page pipe keeps the
    /// run from getting more than ~45 of its 84 steps ahead of the signal.
    @Test func sigtermSavesACheckpointExits143AndResumeIsBitForBit() throws {
        let directory = try TemporaryDirectory()
        let binary = try CommandRunner.semblanceBinary().path
        func arguments(_ output: String, _ log: String) -> [String] {
            ["train", "--pairs", Self.pairs, "--model", Self.model, "--output", output, "--epochs", "4", "--batch-size", "2",
             "--lr", "1e-3", "--warmup-steps", "3", "--seed", "5", "--log", log]
        }
        let straight = directory.file("straight").path, straightLog = directory.file("straight.jsonl").path
        let whole = try CommandRunner.semblance(arguments(straight, straightLog) + ["--quiet"])
        try #require(whole.status == 0, "\(whole.stderr)")

        let output = directory.file("stopped").path, log = directory.file("stopped.jsonl").path
        let running = try CleanSignalSpawn.start(binary, arguments(output, log))
        var text = ""
        let started = running.read(until: "step 1/84", into: &text)
        kill(running.pid, SIGTERM)
        let status = running.finish(into: &text)
        try #require(started, "no progress line: \(text)")
        #expect(status == 143, "\(text)")
        let stoppedStep = try #require(text.firstMatch(of: /stopped after step (\d+); checkpoint in (\S+)/), "\(text)")
        #expect(String(stoppedStep.2) == output + "/checkpoint")
        let step = try #require(Int(stoppedStep.1))
        #expect(step >= 1 && step < 84, "the run finished before SIGTERM took effect")
        #expect(FileManager.default.fileExists(atPath: output + "/checkpoint/model.safetensors"))

        let resumed = try CommandRunner.semblance(arguments(output, log) + ["--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let trained = try Data(contentsOf: URL(fileURLWithPath: output + "/model.safetensors"))
        #expect(trained == (try Data(contentsOf: URL(fileURLWithPath: straight + "/model.safetensors"))))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == (try String(contentsOfFile: straightLog, encoding: .utf8)))
    }

    @Test func refusesAnExistingOutputASinglePairAndAMissingCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let existing = directory.file("exists")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        let refused = try CommandRunner.semblance(["train", "--pairs", Self.pairs, "--model", Self.model, "--output", existing.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("exists: pass --overwrite"))

        let single = directory.file("one.csv")
        try Data("a cat,the cat\n".utf8).write(to: single)
        let one = try CommandRunner.semblance(["train", "--pairs", single.path, "--model", Self.model, "--output", directory.file("o1").path])
        #expect(one.status != 0)
        #expect(one.stderr.contains("one.csv: 1 pair; MultipleNegativesRankingLoss needs at least 2 pairs in a batch"))

        let empty = directory.file("empty.csv")
        try Data("a cat,the cat\nrain,\n".utf8).write(to: empty)
        let blank = try CommandRunner.semblance(["train", "--pairs", empty.path, "--model", Self.model, "--output", directory.file("o2").path])
        #expect(blank.status != 0)
        #expect(blank.stderr.contains("empty.csv:2: the positive is empty"))

        let copy = try directory.copy(Fixtures.tinyModel, as: "model-copy")
        let onItself = try CommandRunner.semblance(["train", "--pairs", Self.pairs, "--model", copy.path, "--output", copy.path, "--overwrite"])
        #expect(onItself.status != 0)
        #expect(onItself.stderr.contains("the output cannot be the model's own directory"))
        #expect(FileManager.default.fileExists(atPath: copy.path + "/model.safetensors"))

        let resume = try CommandRunner.semblance(["train", "--pairs", Self.pairs, "--model", Self.model, "--output", existing.path, "--resume"])
        #expect(resume.status != 0)
        #expect(resume.stderr.contains("no checkpoint to resume from"))
    }
}
