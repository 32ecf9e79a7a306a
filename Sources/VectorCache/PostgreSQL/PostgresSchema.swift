/// The PostgreSQL cache's tables: the SQLite cache's data model (models, vectors by model,
/// precision and text hash, corpora, items), vectors as `bytea` (no extension needed), plus
/// the batches of distributed indexing. The version lives in `semblance_meta`.
enum PostgresSchema {
    /// Taken (transaction-scoped) while migrating, so two first runs do not both create tables.
    static let migrationLockKey: Int64 = 0x5345_4D42_0001

    static let timestamp = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

    /// The migrations in order; the schema version is the count of those applied.
    static let migrations: [String] = [
        """
        CREATE TABLE models (
            id bigserial PRIMARY KEY,
            fingerprint text NOT NULL UNIQUE,
            name text NOT NULL,
            dimension integer NOT NULL CHECK (dimension > 0),
            details text NOT NULL,
            created text NOT NULL DEFAULT \(timestamp)
        );
        CREATE TABLE vectors (
            id bigserial PRIMARY KEY,
            model bigint NOT NULL REFERENCES models(id),
            precision text NOT NULL CHECK (precision IN ('f32', 'f16')),
            text_hash bytea NOT NULL,
            vector bytea NOT NULL,
            UNIQUE (model, precision, text_hash)
        );
        CREATE TABLE corpora (
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            model bigint NOT NULL REFERENCES models(id),
            precision text NOT NULL CHECK (precision IN ('f32', 'f16')),
            sources text NOT NULL,
            item_count bigint NOT NULL DEFAULT 0,
            complete boolean NOT NULL DEFAULT false,
            created text NOT NULL DEFAULT \(timestamp),
            updated text NOT NULL DEFAULT \(timestamp)
        );
        CREATE TABLE items (
            corpus bigint NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            position bigint NOT NULL CHECK (position >= 0),
            text_hash bytea NOT NULL,
            vector bigint NOT NULL REFERENCES vectors(id),
            text text NOT NULL,
            external_id text,
            metadata text,
            PRIMARY KEY (corpus, position)
        );
        -- One row per batch of a corpus: a worker locks it (FOR UPDATE SKIP LOCKED) while it
        -- encodes and writes the batch; digest says which items the stored batch holds.
        CREATE TABLE batches (
            corpus bigint NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            start bigint NOT NULL CHECK (start >= 0),
            count integer NOT NULL CHECK (count > 0),
            digest bytea,
            PRIMARY KEY (corpus, start)
        );
        -- Weights files live on each machine: their hashes are remembered per host and path,
        -- with the file's identity (device, inode, size, mtime, ctime) as in the SQLite cache.
        CREATE TABLE weight_hashes (
            host text NOT NULL,
            path text NOT NULL,
            device bigint NOT NULL,
            inode bigint NOT NULL,
            size bigint NOT NULL,
            modified_ns bigint NOT NULL,
            changed_ns bigint NOT NULL,
            sha256 text NOT NULL,
            PRIMARY KEY (host, path)
        );
        """,
        // 2: the SQLite cache's migrations 3 and 4: statistics of a corpus's vectors, stored by
        // kind and valid for the corpus as it was when computed (item count, update time); and
        // where a corpus's vectors came from (encoded here, or imported).
        """
        CREATE TABLE corpus_statistics (
            corpus bigint NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            kind text NOT NULL,
            item_count bigint NOT NULL,
            corpus_updated text NOT NULL,
            summary bytea NOT NULL,
            PRIMARY KEY (corpus, kind)
        );
        ALTER TABLE corpora ADD COLUMN origin text NOT NULL DEFAULT 'encoded';
        """,
        // 3: each complete corpus's vectors also as one packed matrix in chunks of bytea, so
        // opening a corpus reads a few large values instead of one row per item (the server's
        // counterpart of the SQLite cache's matrix file; see PostgresStore+PackedMatrix).
        // The header row is also the lock that orders rebuilding against batch writes: a
        // batch that changes items clears its checksum (stale) in the same transaction.
        """
        CREATE TABLE corpus_matrices (
            corpus bigint PRIMARY KEY REFERENCES corpora(id) ON DELETE CASCADE,
            item_count bigint,
            dimension integer,
            precision text,
            chunk_bytes integer CHECK (chunk_bytes > 0),
            checksum bigint
        );
        CREATE TABLE corpus_matrix_chunks (
            corpus bigint NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
            chunk integer NOT NULL CHECK (chunk >= 0),
            data bytea NOT NULL,
            PRIMARY KEY (corpus, chunk)
        );
        -- Vectors do not compress: storing them as they are saves the server a futile try.
        ALTER TABLE corpus_matrix_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
        """,
        // 4: the packed matrix's checksum became `SidecarChecksum`'s two sums (`checksum` and
        // `weighted_checksum`); the old Fletcher-64 missed some sign-bit flips. Copies written
        // before are marked stale here, have no weighted sum, and are rebuilt from the rows.
        """
        ALTER TABLE corpus_matrices ADD COLUMN weighted_checksum bigint;
        UPDATE corpus_matrices SET checksum = NULL, item_count = NULL;
        """,
    ]

    static var currentVersion: Int { migrations.count }
}
