import ExplorerUI
import Foundation
import Testing

/// What sessions keep of the teaching views and the encoding (issue 16): the MNRL pairing
/// (`s`/`r`) and the prompt, saved with the automatic and named sessions and in exports, and
/// restored by the next start and by a replay; a replay's export equals the original's.
@Suite struct SessionTeachingStateTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-teach-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func run(_ configuration: ExplorerConfiguration, keys: [String]) -> ExplorerSession<FakeExplorerEngine> {
        let session = ExplorerSession(engine: FakeExplorerEngine(), configuration: configuration,
                                      size: GridSize(columns: 100, rows: 30))
        session.start()
        session.waitUntilIdle()
        // One group of keys at a time, each settled: as a person types, not as one paste.
        for group in keys {
            session.receive(bytes: Array(group.utf8))
            session.waitUntilIdle()
        }
        return session
    }

    /// Four pins, then Tab to the tokens pane, L for the MNRL view, s (swap) and r (re-pair).
    private static let pairedKeys = ["ripe mango\r", "kiwi\r", "apples and pears\r", "bananas are yellow\r",
                                     "\t\t\t", "L", "s", "r"]

    @Test func fieldsRoundTripAndOlderVersionTwoFilesStillRead() throws {
        var session = SavedExplorerSession(model: "m", corpus: "c", pins: ["a", "b", "c", "d"])
        session.mnrlPairing = MNRLPairing(swapped: true, shift: 1)
        session.prompt = "query: "
        #expect(try SavedExplorerSession.decode(session.encoded(), path: "f") == session)
        let text = String(decoding: try session.encoded(), as: UTF8.self)
        #expect(text.contains("\"mnrlSwapped\" : true") && text.contains("\"mnrlShift\" : 1") && text.contains("\"prompt\" : \"query: \""))
        // A version-2 file from before these fields: no pairing, no prompt recorded.
        let older = Data(#"{"version": 2, "model": "m", "corpus": "c", "pins": ["a"], "history": [], "input": "x"}"#.utf8)
        let read = try SavedExplorerSession.decode(older, path: "f")
        #expect(read.mnrlPairing == nil && read.prompt == nil && read.input == "x")
    }

    @Test func aNegativeShiftIsADamagedFileNamingTheField() {
        let bad = Data(#"{"version": 2, "model": "m", "corpus": "c", "pins": [], "history": [], "mnrlShift": -3}"#.utf8)
        #expect(throws: SessionFileError.damagedSession(path: "s.json", reason: "mnrlShift -3 is not a pair offset (0 to \(ExplorerReducer.maximumPins - 1))")) {
            try SavedExplorerSession.decode(bad, path: "s.json")
        }
    }

    @Test func theAutomaticSessionKeepsThePairingAndThePrompt() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ExplorerConfiguration(corpusName: "fruit", persistence: SessionPersistence(
            store: SessionStore(directory: directory), model: "fake", name: "lesson"))
        configuration.prompt = "query: "
        let first = run(configuration, keys: Self.pairedKeys)
        #expect(first.state.lowerView == .mnrl)
        #expect(first.state.mnrlPairing == MNRLPairing(swapped: true, shift: 1))
        guard case .session(let saved) = SessionStore(directory: directory).load(model: "fake", corpus: "fruit", name: "lesson") else {
            Issue.record("no session saved")
            return
        }
        #expect(saved.mnrlPairing == MNRLPairing(swapped: true, shift: 1))
        #expect(saved.prompt == "query: ")
        // The next start pairs the pins as they were left.
        let second = run(configuration, keys: [])
        #expect(second.state.pinned.count == 4)
        #expect(second.state.mnrlPairing == MNRLPairing(swapped: true, shift: 1))
        #expect(MNRLPane(state: second.state).pairs.map { "\($0.anchorLabel)→\($0.positiveLabel)" } == ["2→3", "4→1"])
    }

    @Test func aReplayReproducesTheExportedNumbersExactly() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = ExplorerConfiguration(corpusName: "fruit")
        configuration.exportDirectory = directory
        configuration.modelName = "fake"
        configuration.prompt = "query: "
        // Pins paired and re-paired, an input, a neighbour selected, then e.
        let original = run(configuration, keys: Self.pairedKeys + ["i", "apple pie", "\t", "j", "j", "e"])
        #expect(original.state.message?.text.hasPrefix("exported semblance-export-") == true, "\(String(describing: original.state.message))")
        let first = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
        #expect(first.count == 1)
        let firstJSON = try String(contentsOfFile: directory + "/" + first[0], encoding: .utf8)
        let firstCSV = try String(contentsOfFile: directory + "/" + first[0].replacingOccurrences(of: ".json", with: ".csv"), encoding: .utf8)

        let replayed = try ReplayFile.load(path: directory + "/" + first[0])
        #expect(replayed.mnrlPairing == MNRLPairing(swapped: true, shift: 1) && replayed.prompt == "query: ")
        var again = configuration
        again.replay = replayed
        let replay = run(again, keys: ["\t", "e"])
        #expect(replay.state.mnrlPairing == MNRLPairing(swapped: true, shift: 1))
        let all = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        let second = try #require(all.first { $0 != first[0] })
        let secondJSON = try String(contentsOfFile: directory + "/" + second, encoding: .utf8)
        let secondCSV = try String(contentsOfFile: directory + "/" + second.replacingOccurrences(of: ".json", with: ".csv"), encoding: .utf8)
        // Every number (neighbours, matrix, shares, MNRL rows) and the session itself, digit for digit.
        #expect(secondJSON == firstJSON)
        #expect(secondCSV == firstCSV)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(firstJSON.utf8)) as? [String: Any])
        let mnrl = try #require(object["mnrl"] as? [String: Any])
        #expect((mnrl["rows"] as? [[String: Any]])?.first?["anchor_pin"] as? String == "2")
        #expect(((object["neighbours"] as? [[String: Any]])?.count ?? 0) > 0)
    }
}
