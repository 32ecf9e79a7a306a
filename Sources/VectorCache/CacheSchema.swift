/// The cache's tables, versioned with `PRAGMA user_version` and upgraded by migrations.
enum CacheSchema {
    /// Marks the file as a semblance cache ("SEMB"), so another program's database is refused.
    static let applicationID: Int32 = 0x5345_4D42

    /// Bytes per page of a new cache; 16 KiB fits ten 384-float vectors per page and saves
    /// about a fifth of the space of SQLite's default 4 KiB.
    static let pageSize = 16384

    /// The migrations in order; the schema version is the count of those applied.
    static let migrations: [String] = [
        // 1: models, vectors keyed by (model, precision, text hash), corpora and their items.
        """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            dimension INTEGER NOT NULL CHECK (dimension > 0),
            details TEXT NOT NULL,
            created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE vectors (
            id INTEGER PRIMARY KEY,
            model INTEGER NOT NULL REFERENCES models(id),
            precision TEXT NOT NULL CHECK (precision IN ('f32', 'f16')),
            text_hash BLOB NOT NULL,
            vector BLOB NOT NULL,
            UNIQUE (model, precision, text_hash)
        );
        CREATE TABLE corpora (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            model INTEGER NOT NULL REFERENCES models(id),
            precision TEXT NOT NULL CHECK (precision IN ('f32', 'f16')),
            sources TEXT NOT NULL,
            item_count INTEGER NOT NULL DEFAULT 0,
            complete INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE TABLE items (
            corpus INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            text_hash BLOB NOT NULL,
            vector INTEGER NOT NULL REFERENCES vectors(id),
            text TEXT NOT NULL,
            external_id TEXT,
            metadata TEXT,
            PRIMARY KEY (corpus, position)
        );
        -- Loading a corpus walks this index alone, in position order, straight to the vector rows.
        CREATE INDEX items_vectors ON items (corpus, position, vector);
        CREATE TABLE weight_hashes (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            modified_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL
        );
        """,
        // 2: weight hashes are remembered by the file's device, inode, size, mtime and ctime,
        // not by (path, size, mtime) alone, which a same-size file renamed over the old one
        // with its mtime kept (cp -p, rsync -a, tar x) matches. The old rows cannot say which
        // file they hashed, so they are dropped (each weights file is hashed once more).
        """
        DROP TABLE weight_hashes;
        CREATE TABLE weight_hashes (
            path TEXT PRIMARY KEY,
            device INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            size INTEGER NOT NULL,
            modified_ns INTEGER NOT NULL,
            changed_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL
        );
        """,
        // 3: statistics of a corpus's vectors (score distribution, mean, principal axes,
        // hubness), stored by kind. Valid only for the corpus as it was when computed
        // (its item count and update time); indexing the corpus deletes them.
        """
        CREATE TABLE corpus_statistics (
            corpus INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            item_count INTEGER NOT NULL,
            corpus_updated TEXT NOT NULL,
            summary BLOB NOT NULL,
            PRIMARY KEY (corpus, kind)
        );
        """,
        // 4: where a corpus's vectors came from: encoded here (`index`), or imported from a
        // file made elsewhere (`import`), checked against the model or not (--no-verify).
        """
        ALTER TABLE corpora ADD COLUMN origin TEXT NOT NULL DEFAULT 'encoded';
        """,
    ]

    static var currentVersion: Int { migrations.count }
}
