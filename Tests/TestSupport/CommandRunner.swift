import Foundation
import Glibc

/// What a finished process printed and returned.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let stdoutData: Data
}

public enum CommandRunnerError: Error, CustomStringConvertible {
    case binaryNotBuilt(searched: [String])
    case binaryOutOfDate(binary: String, newerObject: String)
    public var description: String {
        switch self {
        case let .binaryNotBuilt(searched):
            "semblance binary not found (build it first: make test does); looked in \(searched.joined(separator: ", "))"
        case let .binaryOutOfDate(binary, newerObject):
            "\(binary) is older than \(newerObject): rebuild it (`swift build --product semblance`, with the same -c as the tests; make test does)"
        }
    }
}

/// Runs the real `semblance` binary, the way a user does.
public enum CommandRunner {
    /// The binary under test: $SEMBLANCE_BIN when set (the sanitizer runs point it at their
    /// instrumented build), else the `semblance` built beside this test bundle, in the same
    /// configuration (CLITests depends on the executable target, so `swift test` links it).
    /// A binary older than any object file compiled from Sources/ beside it is refused, so a
    /// stale build can never stand in for these sources. (Objects, not sources: the compiler
    /// leaves an object alone when a touched file did not change, and then nothing relinks.)
    public static func semblanceBinary() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let binary: URL
        if let path = environment["SEMBLANCE_BIN"], !path.isEmpty {
            binary = URL(fileURLWithPath: path)
        } else {
            let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
            binary = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("semblance")
        }
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CommandRunnerError.binaryNotBuilt(searched: [binary.path])
        }
        if let newer = try newerObject(than: binary) {
            throw CommandRunnerError.binaryOutOfDate(binary: binary.path, newerObject: newer)
        }
        return binary
    }

    /// Our environment with every per-user location (HOME, XDG_*) moved into a private
    /// directory, so a test never reads or writes the user's cache, themes or state; the
    /// default model is passed on explicitly. `extra` is applied last.
    public static func sandboxedEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let home = sandboxHome.path
        environment["SEMBLANCE_MODEL"] = Fixtures.miniLMModel.path
        environment["HOME"] = home
        environment["XDG_CACHE_HOME"] = home + "/.cache"
        environment["XDG_CONFIG_HOME"] = home + "/.config"
        environment["XDG_STATE_HOME"] = home + "/.local/state"
        environment["XDG_DATA_HOME"] = home + "/.local/share"
        environment["SEMBLANCE_CACHE"] = nil
        return environment.merging(extra) { $1 }
    }

    /// One home per test process, under the temporary directory; the homes of test
    /// processes that have ended are removed first, so runs leave nothing behind for long.
    private static let sandboxHome: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "semblance-test-home-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
        let url = temporary.appendingPathComponent(prefix + "\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    private static func modified(_ url: URL) throws -> Date {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return attributes[.modificationDate] as? Date ?? .distantPast
    }

    /// The first object file of a Sources/ module, beside `binary`, modified after it.
    private static func newerObject(than binary: URL) throws -> String? {
        let built = try modified(binary)
        let buildDirectory = binary.deletingLastPathComponent()
        let modules = try FileManager.default.contentsOfDirectory(
            atPath: Fixtures.packageRoot.appendingPathComponent("Sources").path)
        for module in modules {
            let objects = buildDirectory.appendingPathComponent("\(module).build")
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: objects.path) else { continue }
            for file in files where file.hasSuffix(".o") {
                let object = objects.appendingPathComponent(file)
                if try modified(object) > built { return object.path }
            }
        }
        return nil
    }

    /// Runs `semblance arguments…` in the sandboxed environment, feeding `stdin`, with
    /// `environment` added.
    public static func semblance(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        try run(semblanceBinary(), arguments, stdin: stdin, environment: sandboxedEnvironment(adding: environment))
    }

    public static func run(
        _ executable: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = outPipe.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try? inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            stdoutData: outData)
    }
}
