import Foundation
import Testing
import TestSupport

/// `explore --replay FILE` refuses, before the screen changes, a file of another model, a
/// newer format, another corpus or no file at all; `--export-dir` must be a directory; and
/// the whole of `--against`, `e` and `--replay` in tmux.
struct ExploreReplayCommandTests {
    /// An export as `e` writes it (only the fields a replay reads matter).
    private func export(in directory: TemporaryDirectory, version: Int = 2, model: String = "all-MiniLM-L6-v2") throws -> URL {
        try directory.write("export.json", """
            {"format":"semblance-explorer-export","version":\(version),"session":{"version":\(version),"model":"\(model)",\
            "corpus":"teaching","pins":["a pin"],"history":[],"input":"typed","theme":"dark"},"neighbours":[]}
            """)
    }

    @Test func aReplayOfAnotherModelNamesIt() throws {
        let directory = try TemporaryDirectory("semblance-replay")
        let file = try export(in: directory, model: "all-mpnet-base-v2")
        let result = try CommandRunner.semblance(["explore", "--replay", file.path, "--model", Fixtures.tinyModel.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(file.path) replays model all-mpnet-base-v2, not tiny-bert-mean: pass --model all-mpnet-base-v2"),
                "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aReplayFromANewerVersionSaysSo() throws {
        let directory = try TemporaryDirectory("semblance-replay")
        let file = try export(in: directory, version: 9)
        let result = try CommandRunner.semblance(["explore", "--replay", file.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("written by a newer semblance (session format 9; this one reads up to 2)"), "\(result.stderr)")
    }

    @Test func aMissingOrDamagedReplayFileIsNamed() throws {
        let directory = try TemporaryDirectory("semblance-replay")
        let missing = try CommandRunner.semblance(["explore", "--replay", directory.file("nope.json").path])
        #expect(missing.status != 0 && missing.stderr.contains("nope.json: cannot replay it: no such file"), "\(missing.stderr)")
        let damaged = try directory.write("bad.json", "{\"format\":\"semblance-explorer-export\",\"version\":2}")
        let result = try CommandRunner.semblance(["explore", "--replay", damaged.path])
        #expect(result.status != 0 && result.stderr.contains("bad.json: damaged session file: an export without its \"session\" object"),
                "\(result.stderr)")
    }

    @Test func anotherCorpusOrAFileAsExportDirectoryIsRefused() throws {
        let directory = try TemporaryDirectory("semblance-replay")
        let file = try export(in: directory, model: "tiny-bert-mean")
        let corpus = try CommandRunner.semblance(["explore", "--replay", file.path, "--model", Fixtures.tinyModel.path,
                                                  "--corpus", "other"])
        #expect(corpus.status != 0 && corpus.stderr.contains("replays corpus teaching, not other: drop --corpus"), "\(corpus.stderr)")
        let exportDir = try CommandRunner.semblance(["explore", "--export-dir", file.path])
        #expect(exportDir.status != 0 && exportDir.stderr.contains("--export-dir \(file.path): not a directory"), "\(exportDir.stderr)")
    }

    @Test func aReplayRecordedWithAnotherPromptNamesBoth() throws {
        let directory = try TemporaryDirectory("semblance-replay")
        let file = try directory.write("export.json", """
            {"format":"semblance-explorer-export","version":2,"session":{"version":2,"model":"tiny-bert-mean",\
            "corpus":"teaching","pins":["a pin"],"history":[],"input":"typed","prompt":"query: ","mnrlSwapped":true}}
            """)
        let result = try CommandRunner.semblance(["explore", "--replay", file.path, "--model", Fixtures.tinyModel.path,
                                                  "--prompt", "passage: "])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(file.path) was recorded with the prompt \"query: \", not \"passage: \": drop --prompt and --prompt-name"),
                "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        // Without the flag the recorded prompt is used: past the check, only the missing terminal stops it.
        let recorded = try CommandRunner.semblance(["explore", "--replay", file.path, "--model", Fixtures.tinyModel.path])
        #expect(recorded.status != 0 && recorded.stderr.contains("needs a terminal"), "\(recorded.stderr)")
    }

    /// `--against`, `e` and `--replay` with the real binary in tmux (scripts/e2e-explorer-compare.sh);
    /// needs tmux and the default model (`make test` installs both).
    @Test func againstExportAndReplayEndToEndInTmux() throws {
        let binary = try CommandRunner.semblanceBinary()
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/e2e-explorer-compare.sh")
        let result = try CleanSignalSpawn.run("/bin/bash", [script.path, binary.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("e2e-compare: PASS"), "\(result.output)")
    }
}
