import Foundation
import VectorCache

/// The items of the corpus the explorer has open, by position. Up to a limit of items
/// they are read once when it opens; above it, only the few a screen shows are read from the
/// cache, when asked, so a corpus of millions opens as `search` does (its matrix mapped, no
/// text read) and holds no memory for texts it never shows.
///
/// Texts read later must be the ones of the state the matrix was opened from. Every run that
/// changes a corpus's items first moves its `updated` stamp (never the same twice), so a read
/// is checked against the stamp after the items are read: if the stamp moved, the texts may
/// belong to another state and the read fails instead of pairing them with the open matrix.
final class OpenCorpusItems: @unchecked Sendable {
    let record: CorpusRecord
    /// Items of the open state (the matrix's rows).
    let count: Int
    private let inMemory: [CorpusItem]?
    private let store: (any CacheStore)?
    // One connection, asked from the typing thread and the opening thread.
    private let lock = NSLock()

    /// Reads all `rows` items of `record` now when they are at most `inMemoryLimit`; else
    /// keeps `store` to read them by position.
    init(of record: CorpusRecord, rows: Int, in store: any CacheStore, inMemoryLimit: Int) throws {
        self.record = record
        count = rows
        if rows <= inMemoryLimit {
            inMemory = try Self.readAll(of: record, rows: rows, from: store)
            self.store = nil
        } else {
            inMemory = nil
            self.store = store
        }
    }

    /// The items at `positions`, in that order; nil for a position the open state does not hold.
    func items(at positions: [Int]) throws -> [CorpusItem?] {
        if let inMemory {
            return positions.map { $0 >= 0 && $0 < inMemory.count ? inMemory[$0] : nil }
        }
        let wanted = positions.filter { $0 >= 0 && $0 < count }
        guard !wanted.isEmpty, let store else { return positions.map { _ in nil } }
        let found = try lock.withLock {
            let read = try store.items(of: record, at: wanted)
            try checkUnchanged(store)
            return read
        }
        var byPosition: [Int: CorpusItem] = [:]
        for stored in found { byPosition[stored.position] = stored.item }
        return positions.map { byPosition[$0] }
    }

    /// Every item in position order (training encodes them all).
    func all() throws -> [CorpusItem] {
        if let inMemory { return inMemory }
        guard let store else { return [] }
        return try lock.withLock {
            let items = try Self.readAll(of: record, rows: count, from: store)
            try checkUnchanged(store)
            return items
        }
    }

    /// The first `rows` items of `record` in position order, stopping at a gap.
    private static func readAll(of record: CorpusRecord, rows: Int, from store: any CacheStore) throws -> [CorpusItem] {
        var items: [CorpusItem] = []
        items.reserveCapacity(rows)
        try store.forEachItem(of: record) { stored in
            if stored.position == items.count && items.count < rows { items.append(stored.item) }
        }
        return items
    }

    private func checkUnchanged(_ store: any CacheStore) throws {
        let now = try store.corpus(named: record.name)
        guard let now, now.id == record.id, now.updated == record.updated else {
            throw CorporaError.corpusChangedSinceOpened(corpus: record.name)
        }
    }
}
