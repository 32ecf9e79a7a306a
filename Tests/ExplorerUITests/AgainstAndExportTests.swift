import ExplorerUI
import Foundation
import Testing
import VectorArithmetic

/// `explore --against B` (a second neighbours column, both cosines on the matrix' cell line)
/// and `e`'s export, on the fake engine. Model B is the fake engine reading each text
/// as its vowels alone with " zz" added: other vectors, so items move between the lists.
@Suite struct AgainstAndExportTests {
    private static func secondVector(_ text: String) throws -> [Float] {
        try ExplorerFixtures.engine.encode(String(text.filter { "aeiou ".contains($0) }) + " zz").analysis.vector
    }

    /// What the second model would report for the state's input and pins.
    private static func secondReport(for state: ExplorerState) throws -> SecondModelReport {
        let input = try secondVector(state.editor.text)
        let texts = FakeExplorerEngine.defaultCorpora["fruit"] ?? []
        let neighbours = try texts.enumerated().map { index, item -> NeighbourItem in
            let vector = try secondVector(item)
            return NeighbourItem(text: item, id: "fruit-\(index + 1)", score: Float(VectorMath.cosine(input, vector)), vector: vector)
        }.sorted { $0.score > $1.score }
        var pins: [Int: [Float]] = [:]
        for pin in state.pinned { pins[pin.id] = try secondVector(pin.text) }
        return SecondModelReport(modelName: "model-b", neighbours: neighbours, inputVector: input, pinVectors: pins)
    }

    /// The pinned state with the second model's report applied, as the worker would send it.
    private static func againstState(columns: Int = 110, rows: Int = 28) throws -> ExplorerState {
        var state = try ExplorerFixtures.pinnedState(columns: columns, rows: rows)
        var report = try #require(state.report)
        report.secondModel = try secondReport(for: state)
        // The worker's report for the same generation, now with the second model's part.
        state.report = report
        return state
    }

    @Test func secondColumnMarksMovesAgainstTheFirstModel() throws {
        let state = try Self.againstState()
        let second = try #require(state.report?.secondModel)
        let comparison = second.comparison(with: state.neighbours)
        // Every mark is the rank under A minus the rank under B.
        for entry in comparison.b {
            let rankA = try #require(state.neighbours.firstIndex { NeighbourIdentity($0) == entry.key }) + 1
            #expect(entry.shift == rankA - entry.rank)
        }
        #expect(comparison.overlap == state.neighbours.count)  // both rank the whole fruit corpus
        var grid = ScreenGrid(size: GridSize(columns: 60, rows: 7))
        AgainstNeighboursView.draw(state, in: grid.bounds, into: &grid)
        expectSnapshot(framed(grid.text, columns: 60), named: "pane-neighbours-against")
        expectSnapshot(framed(ExplorerScreen.render(state).grid.text, columns: 110), named: "screen-110x28-against")
    }

    @Test func matrixCellLineShowsBothModelsCosines() throws {
        var state = try Self.againstState()
        state.focus = .matrix
        _ = ExplorerReducer.reduce(&state, .key(.character("g")))
        _ = ExplorerReducer.reduce(&state, .key(.character("l")))
        let matrix = CosineMatrix(state: state)
        let pinA = try #require(state.pinned[0].vector), pinB = try #require(state.pinned[1].vector)
        #expect(matrix.value(row: 0, column: 1) == Float(VectorMath.cosine(pinA, pinB)))
        let secondA = try Self.secondVector(state.pinned[0].text), secondB = try Self.secondVector(state.pinned[1].text)
        #expect(matrix.secondValue(row: 0, column: 1) == Float(VectorMath.cosine(secondA, secondB)))
        var grid = ScreenGrid(size: GridSize(columns: 56, rows: 10))
        MatrixView.draw(state, in: grid.bounds, into: &grid)
        let text = framed(grid.text, columns: 56)
        #expect(text.contains("cos(1, 2) = \(Format.score(matrix.value(row: 0, column: 1) ?? 0).trimmingCharacters(in: .whitespaces)) · B "))
        expectSnapshot(text, named: "pane-matrix-against")
    }

    @Test func aSecondModelWithoutItsCorpusSaysHowToIndexIt() throws {
        var state = try ExplorerFixtures.pinnedState(columns: 110, rows: 28)
        let message = "corpus \"fruit\" is not indexed for model model-b: index it with: semblance index --corpus fruit.model-b --model model-b FILE"
        state.report?.secondModel = SecondModelReport(modelName: "model-b", inputVector: [1, 0], error: message)
        var grid = ScreenGrid(size: GridSize(columns: 60, rows: 7))
        AgainstNeighboursView.draw(state, in: grid.bounds, into: &grid)
        let text = framed(grid.text, columns: 60)
        #expect(text.contains("semblance index --corpus"), "\(text)")
        expectSnapshot(text, named: "pane-neighbours-against-missing-corpus")
    }

    @Test func withoutASecondModelNothingChanges() throws {
        let state = try ExplorerFixtures.pinnedState(columns: 110, rows: 28)
        #expect(CosineMatrix(state: state).secondValues == nil)
        #expect(AgainstNeighboursView.columns(state, in: GridRect(column: 0, row: 0, width: 60, height: 10)) == nil)
        expectSnapshot(framed(ExplorerScreen.render(state).grid.text, columns: 110), named: "screen-110x28-columns")
    }

    // MARK: - Export

    private static func export(_ state: ExplorerState) -> ViewExport {
        ViewExport(state: state, session: SavedExplorerSession(model: "fake", corpus: "fruit", state: state,
                                                               secondModel: state.report?.secondModel?.modelName,
                                                               includesView: true))
    }

    @Test func exportJSONHoldsTheNumbersOnScreen() throws {
        let state = try Self.againstState()
        let json = Self.export(state).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "semblance-explorer-export")
        let neighbours = try #require(object["neighbours"] as? [[String: Any]])
        #expect(neighbours.count == state.neighbours.count)
        for (row, item) in zip(neighbours, state.neighbours) {
            // The shortest decimal of the Float reads back as the same Float.
            #expect((row["score"] as? NSNumber).map { Float($0.doubleValue) } == item.score)
            #expect(row["text"] as? String == item.text)
        }
        let matrix = try #require(object["matrix"] as? [String: Any])
        let cosines = try #require(matrix["cosines"] as? [[Double]])
        let values = CosineMatrix(state: state).values
        #expect(cosines.count == values.count)
        #expect(zip(cosines.joined(), values.joined()).allSatisfy { Float($0) == $1 })
        #expect((matrix["cosines_b"] as? [[Double]])?.count == values.count)
        let session = try #require(object["session"] as? [String: Any])
        #expect(session["input"] as? String == "apples and pears grow in orchards")
        #expect(session["pins"] as? [String] == ["I ate an apple", "Bananas are yellow"])
        #expect(session["secondModel"] as? String == "model-b")
        let shares = try #require((object["token_shares"] as? [String: Any])?["tokens"] as? [[String: Any]])
        let selection = try #require(ShareSelection(state: state))
        #expect(shares.compactMap { ($0["share"] as? NSNumber).map { Float($0.doubleValue) } } == selection.shares)
    }

    @Test func exportHoldsTheMNRLRowsOfThePairedPins() throws {
        let state = try Self.againstState()
        let pane = MNRLPane(state: state)
        let batch = try #require(pane.batch)
        let export = Self.export(state)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.json().utf8)) as? [String: Any])
        let mnrl = try #require(object["mnrl"] as? [String: Any])
        let rows = try #require(mnrl["rows"] as? [[String: Any]])
        #expect(rows.count == 1)  // pins 1 ↔ 2
        #expect(rows.first?["anchor"] as? String == "I ate an apple" && rows.first?["positive"] as? String == "Bananas are yellow")
        #expect((mnrl["loss"] as? Double) == batch.loss)
        #expect((rows.first?["p_positive"] as? Double) == batch.rows.first?.pPositive)
        #expect(export.csv().contains("\r\nmnrl,1,2,I ate an apple,,"))
    }

    @Test func exportGivesEachNeighbourItsPercentileWhenTheCorpusHasStatistics() throws {
        var state = try Self.againstState()
        _ = ExplorerReducer.reduce(&state, .spaceLoaded(corpus: "fruit", space: try SpaceFixtures.space()))
        let pairs = SpaceFixtures.pairCosines(try SpaceFixtures.vectors())
        let export = Self.export(state)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.json().utf8)) as? [String: Any])
        let rows = try #require(object["neighbours"] as? [[String: Any]])
        #expect(rows.count == state.neighbours.count && !rows.isEmpty)
        // The pane shows the same words the export keeps.
        var grid = ScreenGrid(size: GridSize(columns: 60, rows: 8))
        NeighboursView.draw(state, in: grid.bounds, into: &grid)
        for (row, item) in zip(rows, state.neighbours) {
            // The test's own count of the fixture's 15 pair cosines below the score.
            let below = 100 * Double(pairs.filter { $0 < item.score }.count) / Double(pairs.count)
            #expect(row["percentile"] as? Double == below, "\(item.text)")
            let words = try #require(row["score_context"] as? String)
            #expect(words == PairScoreContext.context(percentBelow: below))
        }
        let shown = try #require(rows.first?["score_context"] as? String)
        #expect(grid.text.contains(shown), "\(grid.text)")
        let source = try #require(object["percentiles"] as? [String: Any])
        #expect(source["pairs"] as? Int == pairs.count && source["sampled"] as? Bool == false && source["centred"] as? Bool == false)
        // The second model's column has no percentiles: the statistics are model A's.
        let second = try #require(object["neighbours_b"] as? [[String: Any]])
        #expect(second.allSatisfy { $0["percentile"] is NSNull })
        // CSV: the last column, beside each neighbour's score.
        let lines = export.csv().components(separatedBy: "\r\n")
        #expect(lines.first?.hasSuffix(",shift,percentile") == true)
        let firstRow = try #require(lines.first { $0.hasPrefix("neighbours,1,") })
        #expect(firstRow.hasSuffix(",\(try #require(rows.first?["percentile"] as? Double))"), "\(firstRow)")
    }

    @Test func exportWithoutStatisticsSaysSoWithNulls() throws {
        let state = try Self.againstState()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.export(state).json().utf8)) as? [String: Any])
        #expect(object["percentiles"] is NSNull)
        let rows = try #require(object["neighbours"] as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["percentile"] is NSNull && $0["score_context"] is NSNull })
    }

    @Test func exportCSVQuotesWhatItMustAndDefusesFormulas() {
        #expect(ViewExport.csvField("plain") == "plain")
        #expect(ViewExport.csvField("a, b") == "\"a, b\"")
        #expect(ViewExport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ViewExport.csvField("line\nbreak") == "\"line\nbreak\"")
        #expect(ViewExport.csvField("=SUM(A1)") == "\"'=SUM(A1)\"")
        #expect(ViewExport.csvField("-0.125") == "-0.125")
    }

    @Test func exportFilesAreNamedByTimeAndNeverReplaced() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("semblance-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = try Self.againstState()
        let writer = ViewExportWriter(directory: directory)
        let time = Date(timeIntervalSince1970: 1_796_040_000)  // 2026-11-30 12:00:00 UTC
        let first = try writer.write(Self.export(state), at: time)
        let second = try writer.write(Self.export(state), at: time)
        #expect(first.json == directory + "/semblance-export-20261130-120000.json")
        #expect(second.csv == directory + "/semblance-export-20261130-120000-2.csv")
        #expect(try String(contentsOfFile: first.json, encoding: .utf8) == Self.export(state).json())
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(entries.count == 4)  // no temporary file left behind
        #expect(throws: SessionFileError.self) { try ViewExportWriter(directory: first.json).write(Self.export(state)) }
    }

    @Test func eAsksForAnExportOnlyOnceTheViewHasSettled() throws {
        var state = try ExplorerFixtures.pinnedState()
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("e")))
        #expect(state.exportRequests == 1)
        state.focus = .input
        _ = ExplorerReducer.reduce(&state, .key(.character("e")))  // typed, not a command
        #expect(state.exportRequests == 1 && state.editor.text.hasSuffix("e"))
        state.focus = .neighbours
        _ = ExplorerReducer.reduce(&state, .key(.character("e")))
        #expect(state.exportRequests == 1)  // the typed "e" is still being encoded
        #expect(state.message?.text.hasPrefix("export: still computing") == true)
    }
}
