import Foundation

/// Remembers the pieces of words already merged, as the tokenizers library does (up to 10,000
/// words shorter than 256 bytes, then no more are added): the same words recur across texts.
///
/// Looked up by a hash of the scalars with the word compared on a hit, so a hit allocates
/// nothing. Shared by every thread using the model, behind a lock (a pthread mutex, which
/// ThreadSanitizer understands).
final class BPEWordCache: @unchecked Sendable {
    static let defaultCapacity = 10_000
    /// Words of this many UTF-8 bytes or more are not kept.
    static let maximumWordBytes = 256

    private struct Entry {
        let word: [Unicode.Scalar]
        let pieces: [BPEPiece]
    }

    private let capacity: Int
    private let lock = NSLock()
    /// Entry index by word hash; a second word with the same hash is simply not cached.
    private var indexByHash: [Int: Int] = [:]
    private var entries: [Entry] = []

    init(capacity: Int = defaultCapacity) {
        self.capacity = capacity
    }

    static func hash(_ word: ArraySlice<Unicode.Scalar>) -> Int {
        var hasher = Hasher()
        for scalar in word { hasher.combine(scalar.value) }
        return hasher.finalize()
    }

    /// Calls `body` with each cached piece of `word` and returns true, or returns false when not cached.
    func withPieces(of word: ArraySlice<Unicode.Scalar>, hash: Int, _ body: (BPEPiece) -> Void) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let index = indexByHash[hash], entries[index].word.elementsEqual(word) else { return false }
        for piece in entries[index].pieces { body(piece) }
        return true
    }

    func insert(_ word: ArraySlice<Unicode.Scalar>, hash: Int, pieces: [BPEPiece]) {
        lock.lock()
        defer { lock.unlock() }
        guard entries.count < capacity, indexByHash[hash] == nil else { return }
        indexByHash[hash] = entries.count
        entries.append(Entry(word: Array(word), pieces: pieces))
    }
}
