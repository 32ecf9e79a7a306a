import Foundation

/// What the explorer keeps between runs for one (model, corpus): the pinned sentences and
/// the input history, as text (pins are encoded again on the next start).
public struct SavedExplorerSession: Hashable, Sendable {
    public static let formatVersion = 1

    public var model: String
    public var corpus: String
    public var pins: [String]
    public var history: [String]

    public init(model: String, corpus: String, pins: [String] = [], history: [String] = []) {
        self.model = model
        self.corpus = corpus
        self.pins = pins
        self.history = history
    }

    /// The part of `state` that is saved (blank texts never are).
    public init(model: String, corpus: String, state: ExplorerState) {
        self.init(model: model, corpus: corpus,
                  pins: state.pinned.map(\.text).filter { !InputText.isBlank($0) },
                  history: state.history.entries.filter { !InputText.isBlank($0) })
    }

    public var isEmpty: Bool { pins.isEmpty && history.isEmpty }

    private struct File: Codable {
        var version: Int
        var model: String
        var corpus: String
        var pins: [String]
        var history: [String]
    }

    /// JSON, one field per line, so a person can read (and repair) it.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(File(version: Self.formatVersion, model: model, corpus: corpus,
                                           pins: pins, history: history))
        data.append(0x0A)
        return data
    }

    /// Parses a saved file; throws `.damagedSession` saying what is wrong.
    public static func decode(_ data: Data, path: String) throws(SessionFileError) -> SavedExplorerSession {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .damagedSession(path: path, reason: "not a session file (\(Self.describe(error)))")
        }
        guard file.version == formatVersion else {
            throw .damagedSession(path: path, reason: "format version \(file.version), expected \(formatVersion)")
        }
        // More pins than the matrix holds, or blank ones, cannot have been written by us.
        guard file.pins.count <= ExplorerReducer.maximumPins else {
            throw .damagedSession(path: path, reason: "\(file.pins.count) pins, at most \(ExplorerReducer.maximumPins)")
        }
        if let blank = file.pins.firstIndex(where: InputText.isBlank) {
            throw .damagedSession(path: path, reason: "pin \(blank + 1) is blank")
        }
        return SavedExplorerSession(model: file.model, corpus: file.corpus, pins: file.pins,
                                    history: file.history.filter { !InputText.isBlank($0) })
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
