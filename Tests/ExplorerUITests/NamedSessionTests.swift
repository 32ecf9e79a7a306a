import ExplorerUI
import Foundation
import Testing

/// `--session NAME` beside the automatic session; format version 2 read back; version 1 files
/// still read; a newer version left alone and named as newer (not damaged).
@Suite struct NamedSessionTests {
    private func store() throws -> (SessionStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-named-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (SessionStore(directory: path), path)
    }

    @Test func aNamedSessionLivesBesideTheAutomaticOne() throws {
        let (store, _) = try store()
        let automatic = SavedExplorerSession(model: "m", corpus: "c", pins: ["auto"])
        let named = SavedExplorerSession(model: "m", corpus: "c", pins: ["demo pin"], name: "lesson 1")
        try store.save(automatic)
        try store.save(named)
        #expect(store.path(model: "m", corpus: "c", name: "lesson 1") != store.path(model: "m", corpus: "c"))
        #expect(store.path(model: "m", corpus: "c", name: "lesson 1").contains("--session-lesson_1-"))
        #expect(store.load(model: "m", corpus: "c") == .session(automatic))
        #expect(store.load(model: "m", corpus: "c", name: "lesson 1") == .session(named))
        #expect(store.load(model: "m", corpus: "c", name: "lesson 2") == .none)
    }

    @Test func versionTwoFieldsComeBackAndVersionOneStillReads() throws {
        var session = SavedExplorerSession(model: "m", corpus: "c", pins: ["a", "b"], history: ["h"], name: "n",
                                           input: "typed", theme: "light", secondModel: "b-model")
        session.selectedNeighbour = 3
        session.matrixCell = [1, 0]
        session.sharesOfMatrixCell = true
        #expect(try SavedExplorerSession.decode(session.encoded(), path: "f") == session)
        let old = Data(#"{"version": 1, "model": "m", "corpus": "c", "pins": ["a"], "history": []}"#.utf8)
        #expect(try SavedExplorerSession.decode(old, path: "f") == SavedExplorerSession(model: "m", corpus: "c", pins: ["a"]))
    }

    @Test func aNewerVersionIsLeftAloneAndSaidToBeNewer() throws {
        let (store, _) = try store()
        let path = store.path(model: "m", corpus: "c")
        let newer = #"{"version": 7, "model": "m", "corpus": "c", "pins": [], "history": [], "future": true}"#
        try Data(newer.utf8).write(to: URL(fileURLWithPath: path))
        guard case .unreadable(let error) = store.load(model: "m", corpus: "c") else {
            Issue.record("a newer file was not left alone")
            return
        }
        #expect(error == .newerSession(path: path, version: 7, supported: 2))
        #expect(error.description.contains("written by a newer semblance (session format 7; this one reads up to 2)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == newer)
        #expect(!FileManager.default.fileExists(atPath: path + ".damaged"))
    }
}
