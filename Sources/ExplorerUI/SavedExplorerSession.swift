import Foundation

/// What the explorer keeps between runs for one (model, corpus): the pinned sentences and
/// the input history, as text (pins are encoded again on the next start). Version 2 adds
/// what a replay (`explore --replay`) re-opens: the input, the theme, the session's name
/// (`--session NAME`) and the second model (`--against`). Still version 2, with optional
/// fields a version-2 reader that lacks them skips: the MNRL pairing (`s`/`r`) and the prompt
/// the input was encoded with (read back by `--replay`).
public struct SavedExplorerSession: Hashable, Sendable {
    public static let formatVersion = 2

    public var model: String
    public var corpus: String
    public var pins: [String]
    public var history: [String]
    /// `--session NAME`; nil for the automatic session.
    public var name: String?
    /// The input line when it was saved (nil: none recorded, as in version 1).
    public var input: String?
    public var theme: String?
    /// `--against`'s model, when there was one.
    public var secondModel: String?
    /// What the token shares were of, for a replay: the selected neighbour (0-based), the
    /// matrix cell (row, column), and whether the shares were the cell's.
    public var selectedNeighbour: Int?
    public var matrixCell: [Int]?
    public var sharesOfMatrixCell: Bool?
    /// The MNRL view's pairing when it is not the pinned order (nil: 1↔2, 3↔4, …).
    public var mnrlPairing: MNRLPairing?
    /// The prompt prepended to the input (`--prompt`, or the model's query prompt); nil: not
    /// recorded (older files).
    public var prompt: String?

    public init(model: String, corpus: String, pins: [String] = [], history: [String] = [], name: String? = nil,
                input: String? = nil, theme: String? = nil, secondModel: String? = nil) {
        self.model = model
        self.corpus = corpus
        self.pins = pins
        self.history = history
        self.name = name
        self.input = input
        self.theme = theme
        self.secondModel = secondModel
    }

    /// The part of `state` that is saved (blank texts never are). `includesView` adds the
    /// input and the theme, for an export's replay; the sessions kept between runs leave them
    /// out, so typing does not rewrite the file at every key.
    public init(model: String, corpus: String, state: ExplorerState, name: String? = nil, secondModel: String? = nil,
                includesView: Bool = false) {
        self.init(model: model, corpus: corpus,
                  pins: state.pinned.map(\.text).filter { !InputText.isBlank($0) },
                  history: state.history.entries.filter { !InputText.isBlank($0) }, name: name,
                  input: includesView ? state.editor.text : nil, theme: includesView ? state.themeName : nil,
                  secondModel: secondModel)
        mnrlPairing = state.mnrlPairing == MNRLPairing() ? nil : state.mnrlPairing
        if includesView {
            selectedNeighbour = state.neighbourSelection
            matrixCell = [state.matrixRow, state.matrixColumn]
            sharesOfMatrixCell = state.shareTarget == .matrixCell
        }
    }

    public var isEmpty: Bool { pins.isEmpty && history.isEmpty }

    private struct File: Codable {
        var version: Int
        var model: String
        var corpus: String
        var pins: [String]
        var history: [String]
        var name: String?
        var input: String?
        var theme: String?
        var secondModel: String?
        var selectedNeighbour: Int?
        var matrixCell: [Int]?
        var sharesOfMatrixCell: Bool?
        var mnrlSwapped: Bool?
        var mnrlShift: Int?
        var prompt: String?
    }

    /// Only the version, read first so a newer file is named as newer, not as damaged.
    private struct Version: Decodable {
        var version: Int
    }

    /// JSON, one field per line, so a person can read (and repair) it.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(file)
        data.append(0x0A)
        return data
    }

    private var file: File {
        File(version: Self.formatVersion, model: model, corpus: corpus, pins: pins, history: history,
             name: name, input: input, theme: theme, secondModel: secondModel, selectedNeighbour: selectedNeighbour,
             matrixCell: matrixCell, sharesOfMatrixCell: sharesOfMatrixCell,
             mnrlSwapped: mnrlPairing?.swapped, mnrlShift: mnrlPairing?.shift, prompt: prompt)
    }

    /// The same fields as one compact JSON object (an export embeds it for `--replay`).
    public func jsonObject() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(file)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Parses a saved file; throws `.damagedSession` saying what is wrong.
    public static func decode(_ data: Data, path: String) throws(SessionFileError) -> SavedExplorerSession {
        // A newer semblance's file is not damaged: it is said as newer and left alone.
        if let version = try? JSONDecoder().decode(Version.self, from: data), version.version > formatVersion {
            throw .newerSession(path: path, version: version.version, supported: formatVersion)
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .damagedSession(path: path, reason: "not a session file (\(Self.describe(error)))")
        }
        guard (1...formatVersion).contains(file.version) else {
            throw .damagedSession(path: path, reason: "format version \(file.version), expected 1 to \(formatVersion)")
        }
        // More pins than the matrix holds, or blank ones, cannot have been written by us.
        guard file.pins.count <= ExplorerReducer.maximumPins else {
            throw .damagedSession(path: path, reason: "\(file.pins.count) pins, at most \(ExplorerReducer.maximumPins)")
        }
        if let blank = file.pins.firstIndex(where: InputText.isBlank) {
            throw .damagedSession(path: path, reason: "pin \(blank + 1) is blank")
        }
        var session = SavedExplorerSession(model: file.model, corpus: file.corpus, pins: file.pins,
                                           history: file.history.filter { !InputText.isBlank($0) }, name: file.name,
                                           input: file.input, theme: file.theme, secondModel: file.secondModel)
        session.selectedNeighbour = file.selectedNeighbour.map { max(0, $0) }
        session.matrixCell = file.matrixCell.flatMap { $0.count == 2 ? $0.map { max(0, $0) } : nil }
        session.sharesOfMatrixCell = file.sharesOfMatrixCell
        if file.mnrlSwapped != nil || file.mnrlShift != nil {
            // The shift is taken modulo the pairs when shown; a negative one cannot have been written.
            guard (file.mnrlShift ?? 0) >= 0, (file.mnrlShift ?? 0) < ExplorerReducer.maximumPins else {
                throw .damagedSession(path: path, reason: "mnrlShift \(file.mnrlShift ?? 0) is not a pair offset (0 to \(ExplorerReducer.maximumPins - 1))")
            }
            session.mnrlPairing = MNRLPairing(swapped: file.mnrlSwapped ?? false, shift: file.mnrlShift ?? 0)
        }
        session.prompt = file.prompt
        return session
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "no field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        default: "\(error)"
        }
    }
}
