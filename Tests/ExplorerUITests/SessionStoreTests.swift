import ExplorerUI
import Foundation
import Testing

/// Item 16: pins and history saved per (model, corpus), atomically, and restored; damaged
/// files kept aside, never overwritten.
@Suite struct SessionStoreTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-sessions-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theDirectoryFollowsXDGStateHomeThenHome() throws {
        #expect(try SessionStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/semblance")
        #expect(try SessionStore.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/semblance")
        // A relative or empty XDG_STATE_HOME is ignored, as the XDG specification says.
        #expect(try SessionStore.defaultDirectory(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/semblance")
        #expect(try SessionStore.defaultDirectory(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.local/state/semblance")
        #expect(throws: SessionFileError.noStateDirectory) { try SessionStore.defaultDirectory(environment: [:]) }
    }

    @Test func oneFilePerModelAndCorpusInsideTheDirectory() {
        let store = SessionStore(directory: "/state/semblance")
        let names = [("m", "c"), ("m", "d"), ("n", "c"), ("m", "../../etc/passwd"), ("m", "a/b"), ("m", "a_b"), ("m/x", "c")]
        let paths = names.map { store.path(model: $0.0, corpus: $0.1) }
        #expect(Set(paths).count == names.count)
        for path in paths {
            #expect(path.hasPrefix("/state/semblance/explorer-") && path.hasSuffix(".json"))
            #expect(!path.dropFirst("/state/semblance/".count).contains("/"))
        }
    }

    @Test func savedTextsComeBackByteForByte() throws {
        let store = SessionStore(directory: try temporaryDirectory() + "/semblance")
        let odd = ["naïve café", "tab\there", "quote \" and \\ slash", "emoji 👩‍👩‍👧", "nul \u{0} inside", "ESC \u{1B}[31m"]
        let session = SavedExplorerSession(model: "tiny", corpus: "fruit", pins: odd, history: odd.reversed())
        try store.save(session)
        #expect(store.load(model: "tiny", corpus: "fruit") == .session(session))
        #expect(store.load(model: "tiny", corpus: "other") == .none)
        #expect(store.load(model: "other", corpus: "fruit") == .none)
    }

    /// Compared by bytes, not String `==` (canonical equivalence would call "é" and
    /// "e\u{301}" equal): a BOM inside a text, a NUL and either normal form must come back
    /// exactly as pinned.
    @Test func savedTextsKeepEveryByteIncludingBOMAndNUL() throws {
        let store = SessionStore(directory: try temporaryDirectory() + "/semblance")
        let texts = ["\u{FEFF}x", "a\u{0}b", "x\u{FEFF}", "e\u{301}", "\u{E9}"]
        let session = SavedExplorerSession(model: "m\u{FEFF}", corpus: "c\u{FEFF}d", pins: texts, history: texts)
        try store.save(session)
        let result = store.load(model: session.model, corpus: session.corpus)
        guard case .session(let loaded) = result else {
            Issue.record("the saved session did not load: \(result)")
            return
        }
        let bytes = { (texts: [String]) in texts.map { Array($0.utf8) } }
        #expect(bytes(loaded.pins) == bytes(texts))
        #expect(bytes(loaded.history) == bytes(texts))
        #expect(bytes([loaded.model, loaded.corpus]) == bytes([session.model, session.corpus]))
    }

    @Test func savingReplacesTheFileAndLeavesNoTemporaryBehind() throws {
        let directory = try temporaryDirectory() + "/semblance"
        let store = SessionStore(directory: directory)
        try store.save(SavedExplorerSession(model: "m", corpus: "c", pins: ["a"]))
        try store.save(SavedExplorerSession(model: "m", corpus: "c", pins: ["b"], history: ["b"]))
        #expect(store.load(model: "m", corpus: "c") == .session(SavedExplorerSession(model: "m", corpus: "c", pins: ["b"], history: ["b"])))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test(arguments: ["{", "", "[]", "{\"version\": 0, \"model\": \"m\", \"corpus\": \"c\", \"pins\": [], \"history\": []}",
                      "{\"version\": 1, \"model\": \"m\", \"corpus\": \"c\", \"pins\": [\" \"], \"history\": []}",
                      "{\"version\": 1, \"model\": \"m\", \"corpus\": \"c\", \"pins\": [1], \"history\": []}",
                      "{\"version\": 1, \"model\": \"other\", \"corpus\": \"c\", \"pins\": [], \"history\": []}",
                      "\u{FF}\u{FE}garbage"])
    func aDamagedFileIsKeptAsideAndNeverOverwritten(_ content: String) throws {
        let directory = try temporaryDirectory() + "/semblance"
        let store = SessionStore(directory: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = store.path(model: "m", corpus: "c")
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        guard case let .damaged(error, keptAt?) = store.load(model: "m", corpus: "c") else {
            Issue.record("not reported as damaged: \(content)")
            return
        }
        #expect(error.description.hasPrefix(path + ": damaged session file: "))
        #expect(keptAt == path + ".damaged")
        #expect(try Data(contentsOf: URL(fileURLWithPath: keptAt)) == Data(content.utf8))
        // A second damaged file does not replace the first one kept.
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        guard case .damaged(_, path + ".damaged-2")? = Optional(store.load(model: "m", corpus: "c")) else {
            Issue.record("the second damaged file was not kept apart")
            return
        }
    }

    @Test func anUnreadableFileIsLeftAlone() throws {
        let directory = try temporaryDirectory() + "/semblance"
        let store = SessionStore(directory: directory)
        try FileManager.default.createDirectory(atPath: store.path(model: "m", corpus: "c"), withIntermediateDirectories: true)
        guard case .unreadable(let error) = store.load(model: "m", corpus: "c") else {
            Issue.record("a directory in the file's place was not reported")
            return
        }
        #expect(error.description.contains("not a regular file") || error.description.contains("directory"))
        #expect(throws: SessionFileError.self) { try store.save(SavedExplorerSession(model: "m", corpus: "c", pins: ["x"])) }
    }
}

/// The session saves on every change of pins or history and restores them on the next start.
@Suite struct SessionPersistenceTests {
    private func configuration(_ directory: String, fresh: Bool = false, corpus: String = "fruit") -> ExplorerConfiguration {
        ExplorerConfiguration(corpusName: corpus, persistence: SessionPersistence(
            store: SessionStore(directory: directory), model: "fake", startsFresh: fresh))
    }

    private func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("semblance-persist-\(UUID().uuidString)/semblance").path
    }

    private func run(_ configuration: ExplorerConfiguration, keys: String) -> ExplorerSession<FakeExplorerEngine> {
        let session = ExplorerSession(engine: FakeExplorerEngine(), configuration: configuration,
                                      size: GridSize(columns: 100, rows: 30))
        session.start()
        session.waitUntilIdle()
        session.receive(bytes: Array(keys.utf8))
        session.waitUntilIdle()
        return session
    }

    @Test func pinsAndHistoryComeBackOnTheNextStart() {
        let directory = directory()
        let first = run(configuration(directory), keys: "ripe mango\rkiwi\r")
        #expect(first.state.pinned.map(\.text) == ["ripe mango", "kiwi"])
        // Nothing more is needed to save: the next start (same model and corpus) restores.
        let second = run(configuration(directory), keys: "")
        #expect(second.state.pinned.map(\.text) == ["ripe mango", "kiwi"])
        #expect(second.state.pinned.allSatisfy { $0.vector != nil })  // encoded again
        #expect(second.state.history.entries == ["ripe mango", "kiwi"])
        #expect(second.state.message?.text.hasPrefix("restored 2 pins and 2 inputs") == true)
        // Another corpus has its own.
        #expect(run(configuration(directory, corpus: "weather"), keys: "").state.pinned.isEmpty)
    }

    @Test func theDraftTypedBeforeQuittingIsKept() {
        let directory = directory()
        let first = run(configuration(directory), keys: "not pinned yet\u{1B}")
        first.flushInput()  // the lone Esc
        #expect(first.isFinished)
        #expect(run(configuration(directory), keys: "").state.history.entries == ["not pinned yet"])
    }

    @Test func freshStartsEmptyAndForgets() {
        let directory = directory()
        _ = run(configuration(directory), keys: "kiwi\r")
        #expect(run(configuration(directory, fresh: true), keys: "").state.pinned.isEmpty)
        #expect(run(configuration(directory), keys: "").state.pinned.isEmpty)
    }

    @Test func switchingCorpusSavesOneAndLoadsTheOther() {
        let directory = directory()
        _ = run(configuration(directory, corpus: "weather"), keys: "rain\r")
        let session = run(configuration(directory), keys: "kiwi\r\t")
        session.receive(bytes: Array("c".utf8))
        session.waitUntilIdle()
        session.receive(bytes: Array("j\r".utf8))  // weather
        session.waitUntilIdle()
        #expect(session.state.corpusName == "weather")
        #expect(session.state.pinned.map(\.text) == ["rain"])
        #expect(run(configuration(directory), keys: "").state.pinned.map(\.text) == ["kiwi"])
    }

    @Test func aDamagedFileStartsEmptyWithAWarning() throws {
        let directory = directory()
        let store = SessionStore(directory: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = store.path(model: "fake", corpus: "fruit")
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: path))
        let session = run(configuration(directory), keys: "")
        let message = try #require(session.state.message)
        #expect(message.isError && message.text.contains("damaged session file") && message.text.contains(path + ".damaged"))
        session.receive(bytes: Array("kiwi\r".utf8))
        session.waitUntilIdle()
        #expect(session.state.pinned.map(\.text) == ["kiwi"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + ".damaged")) == Data("{ not json".utf8))
        #expect(store.load(model: "fake", corpus: "fruit") == .session(
            SavedExplorerSession(model: "fake", corpus: "fruit", pins: ["kiwi"], history: ["kiwi"])))
    }
}
