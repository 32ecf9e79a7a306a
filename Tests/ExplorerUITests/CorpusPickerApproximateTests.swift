import ExplorerUI
import Testing

/// The corpus list says which corpora are searched approximately (issue 18: large corpora).
@Suite struct CorpusPickerApproximateTests {
    @Test func approximateCorporaAreLabelled() {
        var state = ExplorerFixtures.state(columns: 64, rows: 10)
        state.overlay = .corpusPicker(corpora: [
            CorpusInfo(name: "teaching", itemCount: 312, isIndexed: true),
            CorpusInfo(name: "synthetic-2m", itemCount: 2_000_000, isIndexed: true, isApproximate: true),
        ], selection: 1)
        let text = framed(ExplorerScreen.render(state).grid.text, columns: state.size.columns)
        expectSnapshot(text, named: "overlay-corpus-picker-approximate")
        #expect(text.contains("synthetic-2m · 2000000 items · approximate"))
        #expect(!text.contains("teaching · 312 items · approximate"))
    }
}
