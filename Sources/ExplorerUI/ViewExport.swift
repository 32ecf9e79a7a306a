import Teaching
import VectorArithmetic

/// What `e` keeps of the explorer's current view: the session that reproduces it (model,
/// corpus, theme, pins, input) and its numbers — neighbours with their scores, the second
/// model's column (`--against`), the matrix, the input's token shares. Pure: built from the
/// state, written as JSON and CSV text; `ViewExportWriter` puts them in files.
public struct ViewExport: Hashable, Sendable {
    public static let format = "semblance-explorer-export"

    public struct Neighbour: Hashable, Sendable {
        public var rank: Int
        public var score: Float
        public var text: String
        public var id: String?
        /// `--against`: its rank in the other model's list, and rank under A − rank under B.
        public var otherRank: Int?
        public var shift: Int?
        /// Percent of the corpus's pairs scoring below the score (0–100, as `search` writes
        /// it) and its wording on screen ("top 0.4%"); nil when the corpus has no statistics.
        public var percentile: Double? = nil
        public var context: String? = nil
    }

    public struct Share: Hashable, Sendable {
        public var token: String
        public var start: Int
        public var end: Int
        public var share: Float
    }

    /// The session a replay re-opens.
    public var session: SavedExplorerSession
    public var secondModel: String?
    public var neighbours: [Neighbour]
    public var secondNeighbours: [Neighbour]
    public var overlap: Int?
    public var spearman: Double?
    /// The matrix' labels ("1", "2", …, "▸"), texts and cosines (nil while a pin encodes).
    public var matrixLabels: [String]
    public var matrixTexts: [String]
    public var matrix: [[Float?]]
    public var secondMatrix: [[Float?]]?
    /// Toward which sentence the shares are ("neighbour 3", "pin 2"), its cosine, the shares.
    public var sharesTarget: String?
    public var sharesCosine: Float?
    public var shares: [Share]
    /// The MNRL view's pairs and batch (pins 1↔2, 3↔4, …), when two or more pins are paired.
    public var mnrl: MNRLPane?
    /// Where the neighbours' percentiles come from (the pairs counted, sampled or all, raw or
    /// centred scores); nil when there are none.
    public var percentilePairs: Int?
    public var percentilesSampled: Bool?
    public var percentilesCentred: Bool?

    public init(state: ExplorerState, session: SavedExplorerSession) {
        self.session = session
        let second = state.hasInput ? state.report?.secondModel : nil
        secondModel = state.report?.secondModel?.modelName
        let comparison = second.map { $0.comparison(with: state.neighbours) }
        func rows(_ items: [NeighbourItem], _ entries: [NeighbourComparison<NeighbourIdentity>.Entry]?) -> [Neighbour] {
            items.enumerated().map { index, item in
                let entry = entries?.first { $0.rank == index + 1 }
                return Neighbour(rank: index + 1, score: item.score, text: item.text, id: item.id,
                                 otherRank: entry?.otherRank, shift: entry?.shift)
            }
        }
        neighbours = rows(state.neighbours, comparison?.a)
        // The percentiles the neighbours pane shows: of model A's scores in its own corpus.
        if let context = Self.percentiles(of: state) {
            for index in neighbours.indices {
                neighbours[index].percentile = context.percentBelow(neighbours[index].score)
                neighbours[index].context = context.context(of: neighbours[index].score)
            }
            percentilePairs = context.pairCount
            percentilesSampled = context.isSampled
            percentilesCentred = state.report?.isCentred ?? false
        }
        secondNeighbours = rows(second?.neighbours ?? [], comparison?.b)
        overlap = comparison?.overlap
        spearman = comparison?.spearman
        let matrix = CosineMatrix(state: state)
        matrixLabels = matrix.entries.map(\.label)
        matrixTexts = matrix.entries.map(\.text)
        self.matrix = matrix.values
        secondMatrix = matrix.secondValues
        let selection = ShareSelection(state: state)
        sharesTarget = selection?.label
        sharesCosine = selection?.cosine
        let tokens = state.analysis?.modelTokens ?? []
        shares = selection.map { selection in
            zip(tokens, selection.shares).map { Share(token: $0.text, start: $0.start, end: $0.end, share: $1) }
        } ?? []
        let pane = MNRLPane(state: state)
        mnrl = pane.pairs.isEmpty ? nil : pane
    }

    /// The score distribution the neighbours' scores belong to (as `ScoreContextColumn` picks
    /// it, whatever the pane's width): raw or centred, and of the same similarity function.
    static func percentiles(of state: ExplorerState) -> PairScoreContext? {
        let candidate = state.space.space?.context(centred: state.report?.isCentred ?? false)
        return candidate?.similarityLabel == state.similarityLabel ? candidate : nil
    }

    /// The MNRL rows as `semblance loss --format json` writes them (plus the pins' labels).
    private func mnrlJSON(_ pane: MNRLPane) -> String {
        let rows = zip(pane.pairs, pane.batch?.rows ?? []).map { pair, row in
            ExportText.object([
                ("anchor", ExportText.string(pair.anchor)), ("positive", ExportText.string(pair.positive)),
                ("anchor_pin", ExportText.string(pair.anchorLabel)), ("positive_pin", ExportText.string(pair.positiveLabel)),
                ("loss", ExportText.number(row.loss)), ("p_positive", ExportText.number(row.pPositive)),
                ("hardest_negative", row.hardestNegative.map { "\($0)" } ?? "null"),
                ("scores", ExportText.array(row.scaledScores.map(ExportText.number))),
            ])
        }
        return ExportText.object([
            ("similarity", ExportText.string(pane.similarityName)),
            ("scale", pane.batch.map { ExportText.number($0.scale) } ?? "null"),
            ("loss", pane.batch.map { ExportText.number($0.loss) } ?? "null"),
            ("waiting_pin", pane.waitingLabel.map(ExportText.string) ?? "null"),
            ("rows", ExportText.array(rows)),
        ])
    }

    // MARK: - JSON

    /// One JSON object; numbers as the shortest text that reads back as the same Float, so a
    /// replay's export can be compared digit for digit.
    public func json() -> String {
        func neighbourList(_ rows: [Neighbour]) -> String {
            ExportText.array(rows.map { row in
                ExportText.object([
                    ("rank", "\(row.rank)"), ("score", ExportText.number(row.score)), ("text", ExportText.string(row.text)),
                    ("id", row.id.map(ExportText.string) ?? "null"),
                    ("other_rank", row.otherRank.map { "\($0)" } ?? "null"), ("shift", row.shift.map { "\($0)" } ?? "null"),
                    ("percentile", row.percentile.map(ExportText.number) ?? "null"),
                    ("score_context", row.context.map(ExportText.string) ?? "null"),
                ])
            })
        }
        func grid(_ values: [[Float?]]) -> String {
            ExportText.array(values.map { row in ExportText.array(row.map { $0.map(ExportText.number) ?? "null" }) })
        }
        return ExportText.object([
            ("format", ExportText.string(Self.format)), ("version", "\(SavedExplorerSession.formatVersion)"),
            ("session", session.jsonObject()),
            ("model", ExportText.string(session.model)), ("model_b", secondModel.map(ExportText.string) ?? "null"),
            ("corpus", ExportText.string(session.corpus)), ("input", ExportText.string(session.input ?? "")),
            ("neighbours", neighbourList(neighbours)),
            ("neighbours_b", secondModel == nil ? "null" : neighbourList(secondNeighbours)),
            ("overlap", overlap.map { "\($0)" } ?? "null"), ("spearman", spearman.map(ExportText.number) ?? "null"),
            ("percentiles", percentilePairs.map { pairs in
                ExportText.object([("pairs", "\(pairs)"), ("sampled", percentilesSampled == true ? "true" : "false"),
                                   ("centred", percentilesCentred == true ? "true" : "false")])
            } ?? "null"),
            ("matrix", ExportText.object([
                ("labels", ExportText.array(matrixLabels.map(ExportText.string))),
                ("texts", ExportText.array(matrixTexts.map(ExportText.string))),
                ("cosines", grid(matrix)), ("cosines_b", secondMatrix.map(grid) ?? "null"),
            ])),
            ("token_shares", ExportText.object([
                ("target", sharesTarget.map(ExportText.string) ?? "null"),
                ("cosine", sharesCosine.map(ExportText.number) ?? "null"),
                ("tokens", ExportText.array(shares.map { share in
                    ExportText.object([("token", ExportText.string(share.token)), ("start", "\(share.start)"),
                                       ("end", "\(share.end)"), ("share", ExportText.number(share.share))])
                })),
            ])),
            ("mnrl", mnrl.map(mnrlJSON) ?? "null"),
        ]) + "\n"
    }

    // MARK: - CSV

    /// The columns of the CSV: one long table, a `section` per part of the view, so one file
    /// opens in a spreadsheet and in Python's csv module.
    public static let csvHeader = ["section", "row", "column", "text", "id", "value", "value_b", "rank_other", "shift",
                                   "percentile"]

    /// RFC 4180: every field quoted where needed, CRLF line ends.
    public func csv() -> String {
        var rows: [[String]] = [Self.csvHeader]
        func add(_ section: String, _ rowsOf: [Neighbour], secondColumn: Bool) {
            for row in rowsOf {
                rows.append([section, "\(row.rank)", "", row.text, row.id ?? "",
                             secondColumn ? "" : ExportText.number(row.score), secondColumn ? ExportText.number(row.score) : "",
                             row.otherRank.map { "\($0)" } ?? "", row.shift.map { "\($0)" } ?? "",
                             row.percentile.map(ExportText.number) ?? ""])
            }
        }
        add("neighbours", neighbours, secondColumn: false)
        add("neighbours_b", secondNeighbours, secondColumn: true)
        for (row, label) in matrixLabels.enumerated() {
            for (column, other) in matrixLabels.enumerated() {
                let value = matrix[row][column].map(ExportText.number) ?? ""
                let second = secondMatrix.flatMap { $0[row][column] }.map(ExportText.number) ?? ""
                rows.append(["matrix", label, other, matrixTexts[row], "", value, second, "", "", ""])
            }
        }
        for (index, share) in shares.enumerated() {
            rows.append(["token_shares", "\(index + 1)", sharesTarget ?? "", share.token, "", ExportText.number(share.share), "", "", "", ""])
        }
        if let mnrl, let batch = mnrl.batch {
            for (pair, row) in zip(mnrl.pairs, batch.rows) {
                // value: the row's loss; value_b: p(positive); rank_other: the hardest negative's pair index.
                rows.append(["mnrl", pair.anchorLabel, pair.positiveLabel, pair.anchor, "", ExportText.number(row.loss),
                             ExportText.number(row.pPositive), row.hardestNegative.map { "\($0)" } ?? "", "", ""])
            }
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    public static func csvField(_ field: String) -> String {
        // A leading = + - @ would run as a formula in a spreadsheet; numbers stay numbers.
        let isNumber = Double(field) != nil
        let formula = !isNumber && field.first.map { "=+-@".contains($0) } == true
        let needsQuotes = formula || field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        let body = formula ? "'" + field : field
        return needsQuotes ? "\"" + body.replacingOccurrences("\"", "\"\"") + "\"" : body
    }
}

/// JSON written by hand (ExplorerUI has no JSON library): keys in the documented order.
enum ExportText {
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Shortest text that reads back as the same Float; `null` where JSON has no number.
    static func number(_ value: Float) -> String { value.isFinite ? "\(value)" : "null" }
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
