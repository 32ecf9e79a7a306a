/// One text of a corpus as read from a source file.
public struct CorpusItem: Sendable, Equatable {
    public let text: String
    /// The id given in the source (`--id-field`), if any.
    public let externalID: String?
    /// A JSON object of other fields, if any.
    public let metadata: String?

    public init(text: String, externalID: String? = nil, metadata: String? = nil) {
        self.text = text
        self.externalID = externalID
        self.metadata = metadata
    }
}

/// An item with its 0-based position in the corpus.
public struct StoredItem: Sendable, Equatable {
    public let position: Int
    public let item: CorpusItem
}

/// A corpus as the cache records it.
public struct CorpusRecord: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let model: ModelRecord
    public let precision: VectorPrecision
    /// The source files of the last indexing run, as given.
    public let sources: [String]
    /// Items of the last completed run (0 until one completes).
    public let itemCount: Int
    /// False while an indexing run is under way or was interrupted.
    public let isComplete: Bool
    public let created: String
    /// When a run last started or completed, to the millisecond, and never the same twice:
    /// the matrix sidecar's key holds it, so a sidecar of an earlier state put back is stale
    /// even when that state had the same item count and the same second.
    public let updated: String
    /// Where its vectors came from.
    public var origin: CorpusOrigin = .encoded

    /// SQL for a row's next `updated`: now, to the millisecond, or a millisecond past the
    /// row's current value when the clock has not moved past it (two runs in one millisecond,
    /// or a clock set back). Values of older caches (whole seconds) compare and step alike.
    static let nextUpdated = """
        max(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated, '+0.001 seconds'), ''))
        """
}

/// Where a corpus's vectors came from.
public enum CorpusOrigin: String, Sendable, Equatable {
    /// Encoded here by `index`.
    case encoded
    /// Imported from a file made elsewhere, a sample re-encoded and matched.
    case imported
    /// Imported with `--no-verify`: nothing checked that the model made them from these texts.
    case importedUnverified = "imported-unverified"
}

/// A corpus with what it holds, for `cache list`.
public struct CorpusSummary: Sendable, Equatable {
    public let corpus: CorpusRecord
    /// Items stored now (differs from `itemCount` while incomplete).
    public let storedItems: Int
    /// Bytes of the distinct vectors the corpus uses.
    public let vectorBytes: Int
    /// Bytes of its texts, ids and metadata.
    public let textBytes: Int
}
