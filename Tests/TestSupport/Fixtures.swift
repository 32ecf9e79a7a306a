import Foundation

/// Paths to the checked-in test fixtures and to the installed default model.
public enum Fixtures {
    /// `Tests/Fixtures`, found from this source file so tests run from any working directory.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures")

    public static let tinyModel = root.appendingPathComponent("models/tiny-bert-mean")
    public static let tinyReference = root.appendingPathComponent("reference/tiny-bert-mean")
    public static let miniLMReference = root.appendingPathComponent("reference/all-MiniLM-L6-v2")
    public static let stsDev = root.appendingPathComponent("data/stsb-en-dev.csv")

    /// The default model as `make model` installs it (or `$SEMBLANCE_MODEL`).
    /// Tests that need it fail when it is missing: `make test` installs it first.
    public static var miniLMModel: URL {
        let env = ProcessInfo.processInfo.environment
        if let path = env["SEMBLANCE_MODEL"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return URL(fileURLWithPath: dataHome).appendingPathComponent("semblance/models/all-MiniLM-L6-v2")
    }

    /// all-mpnet-base-v2 as `make model MODEL=all-mpnet-base-v2` installs it (`make test` does).
    /// Tests that need it fail when it is missing, as for the default model.
    public static var mpnetModel: URL {
        let env = ProcessInfo.processInfo.environment
        let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return URL(fileURLWithPath: dataHome).appendingPathComponent("semblance/models/all-mpnet-base-v2")
    }
    public static let mpnetReference = root.appendingPathComponent("reference/all-mpnet-base-v2")

    /// The repository root (where Package.swift is).
    public static let packageRoot: URL = root.deletingLastPathComponent().deletingLastPathComponent()
}
