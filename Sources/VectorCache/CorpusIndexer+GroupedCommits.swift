import Digest

/// Grouped commits: many batches in one transaction, for a run whose `encode` costs nothing
/// (import). Everything a grouped batch looks up and writes happens inside the group's one
/// write transaction, which is what lets its writes be the cheap kind (see `writeInGroup`).
extension CorpusIndexer {
    /// Writes up to `rows` items (whole batches) in one transaction instead of one per batch:
    /// for a caller whose `encode` costs nothing (import), so holding the write lock across
    /// batches keeps no one waiting for long. Each commit rewrites every index page its rows
    /// touched, and the text-hash index is keyed by a hash, so its pages are touched at
    /// random: fewer, larger commits write far fewer pages. A killed run loses what was not
    /// committed, and a rerun goes on from the last commit as usual.
    ///
    /// Meanwhile, on this connection (all set back by `finish` or a failure):
    /// - the page cache grows to 256 MiB (from SQLite's 2 MiB), so the text-hash index and a
    ///   group's dirty pages stay in memory instead of being read back and spilled a page at
    ///   a time: a fixed bound, whatever the corpus's size;
    /// - the write-ahead log is copied into the database once it holds 1 GiB, not after every
    ///   commit past 16 MiB: an index page rewritten by several commits is copied once, and
    ///   the log is synced to disk a few times per run instead of twice per commit (2,000,000
    ///   items imported 262,144 to a commit wrote 6.1 GB instead of 6.4). The log is cut back
    ///   when it next starts over (`VectorStore.journalSizeLimit`), and the rest of it is copied
    ///   in at the end of the run;
    /// - a thread keeps the kernel writing the log to disk as it grows (`BackgroundWriteback`;
    ///   never the database file, whose POSIX locks another descriptor's close would drop), so
    ///   a checkpoint's fsync of the log does not wait for a gigabyte at once;
    /// - temporary files are kept in memory: a write that may have to undo part of itself
    ///   (`INSERT OR REPLACE` of a position rewritten, an upsert) keeps a statement journal of
    ///   the 16 KiB pages it touches, which spills to a temporary file past 64 KiB: written
    ///   and truncated again for every row, it made most of the run's write() calls.
    ///
    /// The matrix sidecar is streamed as rows are stored (`StreamedMatrixSidecar`) when the
    /// run groups from its first item, instead of read back out of SQLite at the end.
    public func groupCommits(upTo rows: Int) {
        rowsPerTransaction = max(batchSize, rows)
        guard isGrouping, savedPragmas == nil else { return }
        let database = store.database
        if let cacheSize = try? database.scalar("PRAGMA cache_size")?.int,
           let tempStore = try? database.scalar("PRAGMA temp_store")?.int,
           let checkpointPages = try? database.scalar("PRAGMA wal_autocheckpoint")?.int,
           let pageSize = try? database.scalar("PRAGMA page_size")?.int, pageSize > 0 {
            savedPragmas = (cacheSize, tempStore, checkpointPages)
            // In pages of this file (an old cache may have 4 KiB ones).
            try? database.execute("""
                PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;
                PRAGMA wal_autocheckpoint = \(Self.groupedCheckpointBytes / pageSize)
                """)
            writeback = BackgroundWriteback(paths: [store.resolvedPath + "-wal"])
        }
        if committed == 0, group == nil, pending.isEmpty, sidecarStream == nil {
            // Best effort, as the rebuild is: without a stream the sidecar is rebuilt at the end.
            sidecarStream = try? StreamedMatrixSidecar(of: corpus, cachePath: store.resolvedPath)
        }
    }

    /// The write-ahead log's size at which a grouping run copies it into the database.
    static let groupedCheckpointBytes = 1 << 30

    /// Whether batches are committed in groups.
    var isGrouping: Bool { rowsPerTransaction > batchSize }

    /// Copies what the log holds into the database (while writeback still runs; the next
    /// commit would, without it) and sets the connection's page cache, temporary storage and
    /// checkpoints back to what they were. `stopWriteback` ends the writeback thread after.
    func endGrouping() {
        guard let saved = savedPragmas else { return }
        savedPragmas = nil
        // Best effort, as any checkpoint: frames a reader still needs stay for a later one.
        try? store.database.execute("PRAGMA wal_checkpoint(PASSIVE)")
        try? store.database.execute("""
            PRAGMA cache_size = \(saved.cacheSize); PRAGMA temp_store = \(saved.tempStore);
            PRAGMA wal_autocheckpoint = \(saved.checkpointPages)
            """)
    }

    /// Ends the grouped run's writeback thread (after the matrix sidecar's own final fsync).
    func stopWriteback() {
        writeback?.stop()
        writeback = nil
    }

    /// Batches written in the open transaction, counted into the run's totals once it commits.
    struct GroupTally {
        var tally = BatchTally()
        var encodingSeconds = 0.0
    }

    /// Writes the pending batch inside the group's transaction (opened by the first batch,
    /// so every lookup below sees the same state as the writes: nothing can vanish between).
    func flushIntoGroup() throws {
        if group == nil {
            guard store.isWritable else { throw VectorCacheError.readOnly(path: store.path) }
            try store.guarded { try store.database.execute("BEGIN IMMEDIATE") }
            group = GroupTally()
        }
        var made = MadeVectors()
        let tally: BatchTally?
        do {
            tally = try flushOnce(reusing: &made, inTransaction: true)
        } catch is ReusedVectorVanished {
            throw VectorCacheError.damagedCorpus(corpus: corpus.name, detail: "a vector vanished inside its own transaction")
        }
        if let tally {
            group?.tally.add(tally)
            group?.encodingSeconds += made.encodingSeconds
        }
        pending.removeAll(keepingCapacity: true)
        if let group, group.tally.items >= rowsPerTransaction {
            try commitGroup()
        } else {
            reportProgress()
        }
    }

    /// Commits the group's transaction and counts what it wrote.
    func commitGroup() throws {
        guard let open = group else { return }
        try store.guarded { try store.database.execute("COMMIT") }
        group = nil
        unchanged += open.tally.unchanged
        encoded += open.tally.encoded
        converted += open.tally.converted
        encodingSeconds += open.encodingSeconds
        committed += open.tally.items
        reportProgress()
    }

    func reportProgress() {
        let items = committed + (group?.tally.items ?? 0)
        guard items != reportedItems else { return }
        reportedItems = items
        onProgress?(Progress(items: items, encoded: encoded + (group?.tally.encoded ?? 0)))
    }

    /// Appends the batch's rows to the streamed sidecar: each changed item's vector as just
    /// written or reused, each unchanged one's as stored. Any failure drops the stream (the
    /// sidecar is then rebuilt from SQLite at the end); it never fails the run.
    func streamToSidecar(count: Int, from start: Int, hashes: [SHA256Digest], changed: [Int],
                                 stored: [Int: StoredPosition], blobs: [(SHA256Digest, [UInt8])],
                                 known: VectorStore.StoredVectors) {
        guard let stream = sidecarStream else { return }
        var isChanged = [Bool](repeating: false, count: count)
        for offset in changed { isChanged[offset] = true }
        var written = known.blobs
        for (hash, blob) in blobs { written[hash] = blob }
        do {
            for offset in 0 ..< count {
                let blob = isChanged[offset] ? written[hashes[offset]] : stored[start + offset]?.vector
                guard let blob else { throw StreamedMatrixSidecar.OutOfOrder() }
                try blob.withUnsafeBytes { try stream.append($0, position: start + offset) }
            }
        } catch {
            stream.abandon()
            sidecarStream = nil
        }
    }
}
