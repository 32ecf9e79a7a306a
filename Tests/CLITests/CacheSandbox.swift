import Foundation
import TestSupport
import VectorCache

/// A temporary directory with its own cache file, for running `semblance` against it.
final class CacheSandbox {
    let directory: TemporaryDirectory
    var cachePath: String { directory.file("cache.sqlite").path }
    /// The small fixture model: fast enough to index thousands of lines in a test.
    let model = Fixtures.tinyModel.path

    init() throws {
        directory = try TemporaryDirectory("semblance-cli-cache")
    }

    /// Runs `semblance arguments…` with this sandbox's cache (through $SEMBLANCE_CACHE).
    func run(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.semblance(arguments, environment: ["SEMBLANCE_CACHE": cachePath])
    }

    /// `semblance index --corpus NAME FILE… --model tiny --quiet`.
    func index(_ corpus: String, _ files: [URL], extra: [String] = []) throws -> CommandResult {
        try run(["index", "--corpus", corpus] + files.map(\.path) + ["--model", model, "--quiet"] + extra)
    }

    /// A started (not awaited) `semblance index` process; its stderr goes to `errors` when
    /// given (a file, not a pipe, so nobody has to drain it while it runs).
    /// Starts `semblance index` with its progress on a pipe: each line it writes there comes
    /// after a committed batch (without a terminal, the first at once, then every few seconds).
    func startIndexingWithProgress(_ corpus: String, _ file: URL, extra: [String] = []) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = try CommandRunner.semblanceBinary()
        process.arguments = ["index", "--corpus", corpus, file.path, "--model", model] + extra
        process.environment = CommandRunner.sandboxedEnvironment(adding: ["SEMBLANCE_CACHE": cachePath])
        process.standardOutput = FileHandle.nullDevice
        let progress = Pipe()
        process.standardError = progress
        try process.run()
        return (process, progress.fileHandleForReading)
    }

    func startIndexing(_ corpus: String, _ file: URL, extra: [String] = [], errors: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try CommandRunner.semblanceBinary()
        process.arguments = ["index", "--corpus", corpus, file.path, "--model", model, "--quiet"] + extra
        process.environment = CommandRunner.sandboxedEnvironment(adding: ["SEMBLANCE_CACHE": cachePath])
        process.standardOutput = FileHandle.nullDevice
        if let errors {
            try Data().write(to: errors)
            process.standardError = try FileHandle(forWritingTo: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Writes `lines` as a text file.
    func write(lines: [String], to name: String) throws -> URL {
        try directory.write(name, lines.joined(separator: "\n") + "\n")
    }

    /// The cache, opened read-only.
    func store() throws -> VectorStore {
        try VectorStore(path: cachePath, writable: false)
    }

    /// The cache file's bytes.
    func cacheBytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: cachePath))
    }
}

/// `count` distinct sentences that read like text, so the tokenizer has real work.
func corpusLines(_ count: Int, from start: Int = 0) -> [String] {
    let subjects = ["The cat", "A programmer", "My neighbour", "The river", "An old train", "The committee"]
    let verbs = ["watches", "repairs", "describes", "avoids", "follows", "remembers"]
    let objects = ["the quiet harbour", "a broken clock", "the spring election", "an empty stadium", "the new bridge"]
    return (start..<(start + count)).map { n in
        "\(subjects[n % subjects.count]) \(verbs[(n / 6) % verbs.count]) \(objects[(n / 36) % objects.count]) on day \(n)."
    }
}

/// The number before `word` in an index summary, e.g. 10 for "…, 10 encoded, …".
func count(before word: String, in summary: String) -> Int? {
    guard let range = summary.range(of: " \(word)") else { return nil }
    let digits = summary[..<range.lowerBound].reversed().prefix { $0.isNumber }
    return Int(String(digits.reversed()))
}
