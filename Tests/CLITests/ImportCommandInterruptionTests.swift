import Foundation
import TestSupport
import Testing
import VectorCache

/// Killing `semblance import` loses at most the open group of 262,144 items and leaves no
/// sidecar to trust; a rerun completes the corpus with exactly the file's vectors and puts
/// its streamed sidecar in place.
struct ImportCommandInterruptionTests {
    /// Two groups and a part: the run is still going when the first has committed.
    static let rows = 540_000, dimension = 32, group = 262_144

    /// Deterministic finite float16 bit patterns, row-major.
    static func halves() -> [UInt16] {
        (0 ..< rows * dimension).map { index in
            Float16(Float(Int((UInt64(index) &* 2_654_435_761) % 2001) - 1000) / 1000).bitPattern
        }
    }

    /// A float16 C-order .npy of `halves` (numpy's layout: header padded to 64 bytes).
    static func npy(_ halves: [UInt16]) -> [UInt8] {
        var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (\(rows), \(dimension)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
            + halves.withUnsafeBytes { Array($0) }
    }

    /// Items stored in the cache now, or nil while it cannot be read (not created yet).
    static func storedItems(_ path: String) -> Int? {
        guard let database = try? Database(path: path, access: .readOnly) else { return nil }
        return (try? database.scalar("SELECT count(*) FROM items"))??.int
    }

    @Test func sigkillMidImportThenRerunCompletesWithTheFilesVectors() throws {
        let sandbox = try CacheSandbox()
        let halves = Self.halves()
        let vectors = try sandbox.directory.write("vectors.npy", bytes: Self.npy(halves))
        let texts = try sandbox.write(lines: (0 ..< Self.rows).map { "imported line \($0)" }, to: "texts.txt")
        let arguments = ["import", "--corpus", "big", "--vectors", vectors.path, "--texts", texts.path,
                         "--model", sandbox.model, "--no-verify", "--quiet", "--batch-size", "1024"]

        let process = Process()
        process.executableURL = try CommandRunner.semblanceBinary()
        process.arguments = arguments
        process.environment = CommandRunner.sandboxedEnvironment(adding: ["SEMBLANCE_CACHE": sandbox.cachePath])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Nothing but the database says when a group has committed: it is asked until one has.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, Date() < deadline, (Self.storedItems(sandbox.cachePath) ?? 0) < Self.group {
            Thread.sleep(forTimeInterval: 0.005)
        }
        let sawAGroup = (Self.storedItems(sandbox.cachePath) ?? 0) >= Self.group
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(sawAGroup, "no group of \(Self.group) items committed within 120 s: the machine is too slow for this test")
        try #require(process.terminationReason == .uncaughtSignal, "the import finished before it could be killed")

        let before = try sandbox.store()
        let interrupted = try before.requireCorpus(named: "big")
        #expect(!interrupted.isComplete)
        let stored = try before.loadMatrix(of: interrupted).rows
        #expect(stored >= Self.group && stored < Self.rows && stored % Self.group == 0)  // whole groups only
        #expect(!FileManager.default.fileExists(atPath: before.matrixSidecarPath(of: interrupted)))
        #expect(try before.openMatrix(of: interrupted).source == .database)

        let rerun = try sandbox.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let store = try sandbox.store()
        let corpus = try store.requireCorpus(named: "big")
        #expect(corpus.isComplete && corpus.itemCount == Self.rows && corpus.precision == .f16)
        #expect(try store.loadMatrix(of: corpus).storage.withHalves { Array($0) } == halves)
        let sidecar = store.matrixSidecarPath(of: corpus)
        #expect(!FileManager.default.fileExists(atPath: sidecar + ".partial"))
        let (mapped, source) = try store.openMatrix(of: corpus)
        #expect(source == .sidecar)
        #expect(mapped.storage.withHalves { Array($0) } == halves)
        #expect(try store.verify().isHealthy)
    }
}
