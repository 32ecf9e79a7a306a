import Digest
import PostgresClient

extension PostgresStore {
    /// The checks of the SQLite cache's `verify` that apply to a server (PostgreSQL keeps its
    /// own pages whole): every vector's size and finiteness, every item's text against its hash
    /// and its vector's text, model and precision, positions 0..<n without gaps, complete
    /// corpora's counts, and batches of distributed indexing left unfinished.
    public func verify(maximumProblems: Int) throws -> CacheVerification {
        try requireSchema()
        return try guarded {
            try connection.transaction {
                try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                var problems: [String] = []
                let note = { (problem: String) in if problems.count < maximumProblems { problems.append(problem) } }

                let vectors = try connection.query("""
                    SELECT v.id, v.precision, octet_length(v.vector), m.dimension, m.name, v.vector
                    FROM vectors v LEFT JOIN models m ON m.id = v.model ORDER BY v.id
                    """)
                var nonFinite = Set<Int64>()
                for row in 0..<vectors.count {
                    let id = vectors.integer(row, 0) ?? 0
                    guard !vectors.isNull(row, 3), let precision = VectorPrecision(rawValue: vectors.text(row, 1) ?? "") else {
                        note("vector row \(id): unknown model or precision")
                        continue
                    }
                    let (expected, overflow) = vectors.int(row, 3).multipliedReportingOverflow(by: precision.bytesPerComponent)
                    if overflow || vectors.int(row, 2) != expected {
                        note("vector row \(id) (\(vectors.text(row, 4) ?? "?"), \(precision)): \(vectors.int(row, 2)) bytes, expected \(expected)")
                    }
                    if (vectors.withBytes(row, 5, { NonFiniteComponents.first(in: $0, precision: precision) }) ?? nil) != nil {
                        nonFinite.insert(id)
                    }
                }

                let items = try connection.query("""
                    SELECT c.name, i.position, i.text, i.text_hash, v.text_hash, v.model = c.model AND v.precision = c.precision, i.vector
                    FROM items i JOIN corpora c ON c.id = i.corpus LEFT JOIN vectors v ON v.id = i.vector
                    ORDER BY c.name COLLATE "C", i.position
                    """)
                var nonFiniteByCorpus: [String: [Int]] = [:]
                for row in 0..<items.count {
                    let corpus = items.text(row, 0) ?? "?", position = items.int(row, 1)
                    let place = "corpus \"\(corpus)\" position \(position)"
                    let stored = items.bytes(row, 3) ?? []
                    if SHA256.hash(items.text(row, 2) ?? "").bytes != stored { note("\(place): text does not match its stored hash") }
                    if items.isNull(row, 4) {
                        note("\(place): its vector is missing")
                    } else if items.bytes(row, 4) != stored {
                        note("\(place): its vector belongs to another text")
                    } else if items.boolean(row, 5) != true {
                        note("\(place): its vector belongs to another model or precision")
                    }
                    if let vector = items.integer(row, 6), nonFinite.contains(vector) {
                        nonFiniteByCorpus[corpus, default: []].append(position)
                    }
                }
                for (corpus, positions) in nonFiniteByCorpus.sorted(by: { $0.key < $1.key }) {
                    note("corpus \"\(corpus)\": \(positions.count) item(s) with a non-finite vector (NaN or infinity), the first at position \(positions[0]); index it again to encode them anew")
                }

                let corpora = try connection.query("""
                    SELECT c.name, c.item_count, c.complete, count(i.position), coalesce(max(i.position) + 1, 0),
                           (SELECT count(*) FROM batches b WHERE b.corpus = c.id AND b.digest IS NULL)
                    FROM corpora c LEFT JOIN items i ON i.corpus = c.id
                    GROUP BY c.id ORDER BY c.name COLLATE "C"
                    """)
                for row in 0..<corpora.count {
                    let place = "corpus \"\(corpora.text(row, 0) ?? "?")\""
                    let stored = corpora.int(row, 3), span = corpora.int(row, 4)
                    if stored != span { note("\(place): \(span - stored) position(s) missing below \(span)") }
                    if corpora.boolean(row, 2) == true {
                        if stored != corpora.int(row, 1) { note("\(place): \(stored) items stored, but it was completed with \(corpora.int(row, 1))") }
                        if corpora.int(row, 5) > 0 { note("\(place): complete, yet \(corpora.int(row, 5)) batch(es) were never stored") }
                    }
                }
                return CacheVerification(vectorsChecked: vectors.count, itemsChecked: items.count, problems: problems)
            }
        }
    }
}
