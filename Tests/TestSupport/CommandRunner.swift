import Foundation

/// What a finished process printed and returned.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let stdoutData: Data
}

public enum CommandRunnerError: Error, CustomStringConvertible {
    case binaryNotBuilt(searched: [String])
    public var description: String {
        switch self {
        case let .binaryNotBuilt(searched):
            "semblance binary not found (build it first: make test does); looked in \(searched.joined(separator: ", "))"
        }
    }
}

/// Runs the real `semblance` binary, the way a user does.
public enum CommandRunner {
    /// The built binary: $SEMBLANCE_BIN when set (the sanitizer runs point it at their
    /// instrumented build), else release (what `make test` builds), else debug.
    public static func semblanceBinary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["SEMBLANCE_BIN"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw CommandRunnerError.binaryNotBuilt(searched: [path]) }
            return URL(fileURLWithPath: path)
        }
        let candidates = ["release", "debug"].map {
            Fixtures.packageRoot.appendingPathComponent(".build/\($0)/semblance").path
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandRunnerError.binaryNotBuilt(searched: candidates)
        }
        return URL(fileURLWithPath: found)
    }

    /// Runs `semblance arguments…`, feeding `stdin`, with `environment` added to ours.
    public static func semblance(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]
    ) throws -> CommandResult {
        try run(semblanceBinary(), arguments, stdin: stdin, environment: environment)
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
