import ExplorerUI
import Foundation
import Testing

/// The session with its background worker and the fake engine: real threads, no terminal.
@Suite struct ExplorerSessionWorkerTests {
    private func session(_ engine: FakeExplorerEngine = FakeExplorerEngine(), corpus: String? = "fruit",
                         size: GridSize = GridSize(columns: 100, rows: 30)) -> ExplorerSession<FakeExplorerEngine> {
        ExplorerSession(engine: engine, configuration: ExplorerConfiguration(corpusName: corpus), size: size)
    }

    @Test func startOpensTheCorpusAndTypingFillsThePanes() throws {
        let session = session()
        session.start()
        #expect(session.waitUntilIdle())
        #expect(session.state.cacheState == .ready)
        #expect(session.state.corpus == CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true))
        session.receive(bytes: Array("a ripe mango".utf8))
        #expect(session.waitUntilIdle())
        #expect(session.state.analysis?.text == "a ripe mango")
        #expect(session.state.neighbours.first?.text == "She sliced a ripe mango for breakfast.")
        let text = session.render().grid.text
        #expect(text.contains("She sliced a ripe mango"))
        #expect(text.contains("[CLS] a ripe mango [SEP]"))
    }

    @Test func pinTypeAndTheMatrixFills() throws {
        let session = session()
        session.start()
        session.waitUntilIdle()
        session.receive(bytes: Array("apple pie\r".utf8))  // Enter right away: pinned when encoded
        #expect(session.waitUntilIdle())
        #expect(session.state.pinned.map(\.text) == ["apple pie"])
        session.receive(bytes: Array("pear tart".utf8))
        #expect(session.waitUntilIdle())
        let matrix = CosineMatrix(state: session.state)
        #expect(matrix.entries.map(\.text) == ["apple pie", "pear tart"])
        #expect(session.state.report?.pinnedShares.keys.sorted() == [session.state.pinned[0].id])
        #expect(session.render().grid.text.contains("1 apple pie"))
    }

    @Test func aBurstOfKeysEndsOnTheLastTextWithFewerEncodes() throws {
        var engine = FakeExplorerEngine()
        let gate = FakeExplorerEngine.EncodeGate()
        engine.encodeGate = gate
        let session = session(engine, corpus: nil)
        let text = "bananas are rich in potassium"
        session.receive(bytes: Array(text.utf8.prefix(1)))
        // The first key's encode is known to be running (held at the gate) while the rest arrive.
        try #require(gate.waitForArrivals(1), "the first key was never encoded")
        for byte in text.utf8.dropFirst() { session.receive(bytes: [byte]) }
        gate.open()
        #expect(session.waitUntilIdle())
        #expect(session.state.analysis?.text == text)
        #expect(session.state.appliedGeneration == session.state.requestedGeneration)
        #expect(session.state.requestedGeneration == text.utf8.count)
        // Keys that arrived while an encode ran replaced each other: the first key's text,
        // then only the last text, never the ones in between.
        #expect(engine.encodedTexts.all == ["b", text])
    }

    @Test func encodeErrorsShowInTheStatusLine() {
        var engine = FakeExplorerEngine()
        engine.failingText = "x"
        let session = session(engine, corpus: nil)
        session.receive(bytes: [UInt8(ascii: "x")])
        #expect(session.waitUntilIdle())
        #expect(session.state.message == StatusMessage("encoding failed: cannot encode “x”", isError: true))
        #expect(session.render().grid.text.contains("encoding failed"))
    }

    @Test func anUnknownCorpusFailsCleanly() {
        let session = session(corpus: "missing")
        session.start()
        #expect(session.waitUntilIdle())
        #expect(session.state.cacheState == .failed("no corpus named missing"))
        #expect(session.render().grid.text.contains("Cannot open missing: no corpus named missing"))
    }

    @Test func aStartupProblemStaysVisibleWhileTheCorpusOpens() {
        let problem = StatusMessage("themes/ocean.theme:7: `#12345g` is not a colour", isError: true)
        let session = ExplorerSession(engine: FakeExplorerEngine(),
                                      configuration: ExplorerConfiguration(corpusName: "fruit", startupMessage: problem),
                                      size: GridSize(columns: 100, rows: 30))
        session.start()
        #expect(session.waitUntilIdle())
        #expect(session.state.message == problem)
        #expect(session.render().grid.text.contains("ocean.theme:7"))
    }

    @Test func escapeNeedsAFlushToQuit() {
        let session = session(corpus: nil)
        session.receive(bytes: [0x1B])
        #expect(!session.isFinished && session.hasPendingInput)
        session.flushInput()
        #expect(session.isFinished)
    }

    @Test func resultsWakeTheLoop() {
        // NSLock, not Mutex: ThreadSanitizer does not see Mutex's futex calls.
        final class WakeCount: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func add() { lock.withLock { count += 1 } }
            var value: Int { lock.withLock { count } }
        }
        let wakes = WakeCount()
        let session = ExplorerSession(engine: FakeExplorerEngine(), configuration: ExplorerConfiguration(),
                                      size: GridSize(columns: 80, rows: 24), wake: { wakes.add() })
        session.receive(bytes: Array("hi".utf8))
        #expect(session.waitUntilIdle())
        #expect(wakes.value >= 1)
    }

    @Test func corpusPickerSwitchesCorpus() {
        let session = session()
        session.start()
        session.waitUntilIdle()
        session.receive(bytes: [0x09, UInt8(ascii: "c")])  // Tab to neighbours, then c
        #expect(session.waitUntilIdle())
        #expect(session.state.overlay == .corpusPicker(corpora: [
            CorpusInfo(name: "fruit", itemCount: 6, isIndexed: true),
            CorpusInfo(name: "weather", itemCount: 2, isIndexed: false)], selection: 0))
        session.receive(bytes: Array("j\r".utf8))
        #expect(session.waitUntilIdle())
        #expect(session.state.corpus?.name == "weather")
    }
}
