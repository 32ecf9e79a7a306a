import Embedding
import ExplorerUI
import SpaceAnalysis

/// `semblance map`: the explorer's corpus map as data for a picture — every item's point on
/// two principal components of the centred corpus (the statistics computed once and cached),
/// and labelled points for given texts, encoded and projected with the model.
public enum CorpusMapBuilder {
    /// Opens the corpus's statistics (computing and storing them if needed) and places
    /// `labels` on axis pair `pair` (0: PC1/PC2, 1: PC3/PC4).
    public static func build(searcher: CorpusSearcher, corpusName: String, labels: [String], pair: Int) throws -> MapPictureData {
        let space = try CorpusStatistics.space(of: searcher.corpus, in: searcher.store)
        // A picture file draws every item (the explorer's pane draws a sample of a large corpus).
        let coordinates = try ExplorerCorpusEngine.mapCoordinates(of: searcher.corpus, space: space, rowLimit: nil).coordinates
        let label = searcher.model.similarityFunction == .cosine ? "cos" : searcher.model.similarityFunction.name
        let explorer = ExplorerCorpusEngine.explorerSpace(space, corpus: corpusName, model: searcher.model.name,
                                                          similarityLabel: label, rowMajorCoordinates: coordinates)
        guard let projection = explorer.projection else {
            throw CorporaError.noMap(corpus: corpusName, reason: explorer.mapUnavailableReason ?? "no projection")
        }
        guard pair < projection.axisPairs else {
            throw CorporaError.noMap(corpus: corpusName, reason: "it has only two principal components (use --axes 1-2)")
        }
        let vectors = labels.isEmpty ? [] : try searcher.model.encode(labels, prompt: .text(searcher.queryPrompt.text))
        var placed: [MapPictureData.Label] = []
        for (text, vector) in zip(labels, vectors) {
            guard let point = projection.project(vector, pair: pair) else { throw CorporaError.noVector }
            placed.append(MapPictureData.Label(text: text, point: point))
        }
        let points = projection.points(pair: pair)
        let (first, second) = projection.ratios(pair: pair)
        return MapPictureData(title: "\(corpusName) · \(searcher.model.name) · \(space.items) items",
                              xs: points.x, ys: points.y, bounds: projection.bounds[pair],
                              axisNames: ("PC\(2 * pair + 1)", "PC\(2 * pair + 2)"), ratios: (first, second),
                              labels: placed)
    }
}
