import PostgresClient

/// Everything that can go wrong with the cache, each as one line naming the file, corpus or model.
public enum VectorCacheError: Error, CustomStringConvertible, Equatable {
    case isDirectory(path: String)
    case missing(path: String)
    case notADatabase(path: String)
    case corrupt(path: String, detail: String)
    case notACache(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case readOnly(path: String)
    case cannotCreate(path: String, reason: String)
    case database(path: String, SQLiteError)
    /// A PostgreSQL cache's failure: its message names the server, never the password.
    case server(PostgresError)
    case invalidCorpusName(String)
    case unknownCorpus(name: String, known: [String])
    case modelMismatch(corpus: String, builtWith: String, builtWithFingerprint: String, requested: String, requestedFingerprint: String)
    case precisionMismatch(corpus: String, stored: VectorPrecision, requested: VectorPrecision)
    /// Same model, other encoder precision (float32 vs int8): `stored`/`requested` are
    /// "float32" or the quantization scheme's name.
    case encoderMismatch(corpus: String, model: String, stored: String, requested: String)
    case wrongDimension(model: String, expected: Int, got: Int)
    case encoderReturnedWrongCount(expected: Int, got: Int)
    case damagedCorpus(corpus: String, detail: String)
    case weightsUnreadable(path: String, reason: String)
    /// A FIFO, socket, device or link where the cache (or a side file SQLite opens) must be a regular file.
    case notRegularFile(path: String, kind: String)
    /// A schema version or table layout semblance never writes (another program, or damage).
    case invalidSchema(path: String, detail: String)
    /// An explicit cache path whose directory does not exist (only the default one is created).
    case missingDirectory(path: String, directory: String)
    case cannotOpen(path: String, reason: String)
    /// A write-ahead log with changes that a reader on read-only media cannot use.
    case unreadableLog(path: String)
    case cannotLock(path: String, reason: String)
    /// `add` or `finish` after the run failed or finished.
    case indexingStopped(corpus: String)
    /// A write the cache's own rules refused: damage, or another program changing it meanwhile.
    case constraintFailed(path: String, detail: String)
    /// A vector with a NaN or infinite component (`value`, before any f16 conversion), refused
    /// before its batch was stored; `text` is already shortened and quoted.
    case nonFiniteVector(model: String, text: String, precision: VectorPrecision, component: Int, value: Float)
    /// A feature only the SQLite cache has so far (`feature` names it, e.g. "import").
    case notSupportedOnServer(feature: String, server: String)

    public var description: String {
        switch self {
        case let .isDirectory(path):
            "cache \(path) is a directory, not a database file; pass --cache with a file path"
        case let .missing(path):
            "no cache at \(path) yet: index a corpus first (semblance index --corpus NAME FILE)"
        case let .notADatabase(path):
            "cache \(path) is not a SQLite database (left untouched); move it away or pass another --cache"
        case let .corrupt(path, detail):
            "cache \(path) is damaged (\(detail)); left untouched — move it away or pass another --cache"
        case let .notACache(path):
            "\(path) is a SQLite database of another program, not a semblance cache (left untouched)"
        case let .newerSchema(path, found, supported):
            "cache \(path) has schema version \(found), newer than this semblance understands (\(supported)); left untouched — upgrade semblance or pass another --cache"
        case let .readOnly(path):
            "cache \(path) is read-only; cannot write to it (left untouched)"
        case let .cannotCreate(path, reason):
            "cannot create cache \(path): \(reason)"
        case let .database(path, error):
            "cache \(path): \(error)"
        case let .server(error):
            "cache on \(error)"
        case let .invalidCorpusName(name):
            "invalid corpus name \"\(name)\": use 1–100 characters, no control characters"
        case let .unknownCorpus(name, known):
            known.isEmpty
                ? "no corpus named \"\(name)\" (the cache has no corpora yet)"
                : "no corpus named \"\(name)\"; known corpora: \(known.joined(separator: ", "))"
        case let .modelMismatch(corpus, builtWith, builtFingerprint, requested, requestedFingerprint) where builtWith == requested:
            "corpus \"\(corpus)\" was built with another version of model \(builtWith) (fingerprint \(builtFingerprint.prefix(12)), now \(requestedFingerprint.prefix(12))): its weights, tokenizer or configuration files changed, or an older semblance indexed it; remove the corpus (semblance cache remove \(corpus)) and index it again"
        case let .modelMismatch(corpus, builtWith, builtFingerprint, requested, requestedFingerprint):
            "corpus \"\(corpus)\" was built with model \(builtWith) (fingerprint \(builtFingerprint.prefix(12))), not \(requested) (\(requestedFingerprint.prefix(12))); pass --model for \(builtWith) or index into another corpus"
        case let .encoderMismatch(corpus, model, stored, requested):
            "corpus \"\(corpus)\" holds vectors of model \(model)'s \(EncoderPrecisionDifference.shortName(stored)) encoder, not its "
                + "\(EncoderPrecisionDifference.shortName(requested)) encoder; "
                + (stored == "float32"
                    ? "drop --quantize to use it, or index the texts into another corpus with --quantize"
                    : "pass --quantize \(EncoderPrecisionDifference.shortName(stored)) to use it, or index the texts into another corpus without --quantize")
        case let .precisionMismatch(corpus, stored, requested):
            "corpus \"\(corpus)\" stores \(stored) vectors, not \(requested); drop --precision or remove the corpus first"
        case let .wrongDimension(model, expected, got):
            "model \(model) produced a \(got)-dimensional vector where \(expected) were expected"
        case let .encoderReturnedWrongCount(expected, got):
            "the encoder returned \(got) vectors for \(expected) texts"
        case let .damagedCorpus(corpus, detail):
            "corpus \"\(corpus)\" is damaged: \(detail); run `semblance cache verify`"
        case let .weightsUnreadable(path, reason):
            "cannot read model weights \(path): \(reason)"
        case let .notRegularFile(path, kind):
            "cache \(path) is \(kind), not a regular file (left untouched); pass --cache with a regular file's path"
        case let .invalidSchema(path, detail):
            "cache \(path) has \(detail), which semblance never writes (left untouched); move it away or pass another --cache"
        case let .missingDirectory(path, directory):
            "cannot create cache \(path): directory \(directory) does not exist (create it first)"
        case let .cannotOpen(path, reason):
            "cannot open cache \(path): \(reason)"
        case let .unreadableLog(path):
            "cannot read cache \(path) here: its write-ahead log \(path)-wal holds changes and the directory is read-only; run `semblance cache vacuum` where it is writable first"
        case let .cannotLock(path, reason):
            "cannot lock \(path): \(reason)"
        case let .indexingStopped(corpus):
            "the indexing run of corpus \"\(corpus)\" has stopped (it failed or finished); start a new one"
        case let .constraintFailed(path, detail):
            "cache \(path) refused a change (\(detail)): it was damaged or changed by another program meanwhile; run `semblance cache verify`"
        case let .nonFiniteVector(model, text, precision, component, value) where value.isFinite:
            "model \(model)'s vector for \(text) does not fit \(precision): component \(component) is \(value), beyond ±65504; index with --precision f32 (nothing of this batch was stored)"
        case let .nonFiniteVector(model, text, _, component, value):
            "model \(model) gave a non-finite vector for \(text): component \(component) is \(NonFiniteComponents.describe(value)) (nothing of this batch was stored)"
        case let .notSupportedOnServer(feature, server):
            "\(feature) is not supported on a PostgreSQL cache yet (\(server)); use a SQLite cache file (--cache PATH)"
        }
    }
}
