import Digest

/// What `verify` found: counts checked and one line per problem.
public struct CacheVerification: Sendable, Equatable {
    public let vectorsChecked: Int
    public let itemsChecked: Int
    /// Human-readable problems, each naming the corpus, position or vector row.
    public let problems: [String]

    public var isHealthy: Bool { problems.isEmpty }
}

extension VectorStore {
    /// Checks the file's integrity, every vector blob's size against its model's dimension
    /// and precision and its components for NaN and infinities, every item's text against its
    /// stored hash, that each item points to a vector of its corpus's model and precision for
    /// the same text, and that each corpus's items sit at positions 0..<n with no gap (n its
    /// item count when complete).
    public func verify(maximumProblems: Int = 100) throws -> CacheVerification {
        try guarded {
            try database.readTransaction {
                var problems: [String] = []
                let note = { (problem: String) in if problems.count < maximumProblems { problems.append(problem) } }

                let integrity = try database.prepare("PRAGMA quick_check")
                while try integrity.step() {
                    let line = integrity.text(at: 0) ?? ""
                    if line != "ok" { note("integrity: \(line)") }
                }

                let vectors = try database.prepare("""
                    SELECT v.id, v.precision, length(v.vector), m.dimension, m.name, v.vector
                    FROM vectors v LEFT JOIN models m ON m.id = v.model
                    """)
                var vectorsChecked = 0
                var nonFinite: [Int64] = []
                while try vectors.step() {
                    vectorsChecked += 1
                    let id = vectors.int64(at: 0)
                    guard !vectors.isNull(at: 3), let precision = VectorPrecision(rawValue: vectors.text(at: 1) ?? "") else {
                        note("vector row \(id): unknown model or precision")
                        continue
                    }
                    // A damaged models row can hold any dimension: never trap on it.
                    let (expected, overflow) = vectors.int(at: 3).multipliedReportingOverflow(by: precision.bytesPerComponent)
                    if overflow {
                        note("vector row \(id) (\(vectors.text(at: 4) ?? "?")): impossible dimension \(vectors.int(at: 3))")
                    } else if vectors.int(at: 2) != expected {
                        note("vector row \(id) (\(vectors.text(at: 4) ?? "?"), \(precision)): \(vectors.int(at: 2)) bytes, expected \(expected)")
                    }
                    if vectors.withBlob(at: 5, { NonFiniteComponents.first(in: $0, precision: precision) }) != nil {
                        nonFinite.append(id)
                    }
                }

                let items = try database.prepare("""
                    SELECT c.name, i.position, i.text, i.text_hash, v.text_hash, v.model = c.model, v.precision = c.precision
                    FROM items i JOIN corpora c ON c.id = i.corpus LEFT JOIN vectors v ON v.id = i.vector
                    ORDER BY c.name, i.position
                    """)
                var itemsChecked = 0
                while try items.step() {
                    itemsChecked += 1
                    let place = "corpus \"\(items.text(at: 0) ?? "?")\" position \(items.int(at: 1))"
                    let actual = SHA256.hash(items.text(at: 2) ?? "").bytes
                    let stored = items.withBlob(at: 3) { Array($0) }
                    if actual != stored { note("\(place): text does not match its stored hash") }
                    if items.isNull(at: 4) {
                        note("\(place): its vector is missing")
                    } else if items.withBlob(at: 4, { Array($0) }) != stored {
                        note("\(place): its vector belongs to another text")
                    } else if items.int(at: 5) != 1 || items.int(at: 6) != 1 {
                        note("\(place): its vector belongs to another model or precision")
                    }
                }
                try checkPositions(note)
                try nonFiniteProblems(vectorIDs: nonFinite).forEach(note)
                return CacheVerification(vectorsChecked: vectorsChecked, itemsChecked: itemsChecked, problems: problems)
            }
        }
    }

    /// Notes every gap in a corpus's positions and a complete corpus whose item count
    /// differs from its items: search reads positions 0..<n and calls anything else damaged.
    private func checkPositions(_ note: (String) -> Void) throws {
        let corpora = try database.prepare("SELECT id, name, item_count, complete FROM corpora ORDER BY name")
        let counts = try database.prepare("SELECT count(*) FROM items WHERE corpus = ?1")
        // Each row is a gap: the position after the previous item, and the next item's.
        // (SQLite turns previous + 1 into a real past Int64.max instead of wrapping.)
        let gaps = try database.prepare("""
            SELECT previous + 1, position FROM (
                SELECT position, lag(position, 1, -1) OVER (ORDER BY position) AS previous
                FROM items WHERE corpus = ?1)
            WHERE position != previous + 1
            """)
        while try corpora.step() {
            let place = "corpus \"\(corpora.text(at: 1) ?? "?")\""
            try gaps.bind([.integer(corpora.int64(at: 0))])
            while try gaps.step() {
                let from = gaps.int(at: 0), to = gaps.int(at: 1)
                note(from == to - 1 ? "\(place): no item at position \(from)" : "\(place): no items at positions \(from)..<\(to)")
            }
            try counts.bind([.integer(corpora.int64(at: 0))])
            _ = try counts.step()
            let stored = counts.int(at: 0), expected = corpora.int(at: 2)
            if corpora.int(at: 3) != 0 && stored != expected {
                note("\(place): \(stored) items stored, but it was completed with \(expected)")
            }
        }
    }
}
