// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Semblance",
    products: [
        .executable(name: "semblance", targets: ["SemblanceCLI"]),
        .library(name: "Embedding", targets: ["Embedding"]),
        .library(name: "Teaching", targets: ["Teaching"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C boundaries: a module map and a shim header each, nothing more.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        // LAPACK's symmetric eigensolver, exported by libopenblas (no header ships for it).
        .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),

        .target(name: "CHalf"),
        .target(name: "HalfFloat", dependencies: ["CHalf"]),
        .target(name: "Digest"),
        // A strict JSON parser that keeps every character of strings and the text of numbers.
        .target(name: "StrictJSON"),
        .target(name: "TextInput", dependencies: ["StrictJSON", "HalfFloat"]),
        .target(name: "Tokenization", dependencies: ["StrictJSON"]),
        // Writing results: files replaced atomically (never a non-regular file), text made safe for terminals.
        .target(name: "TextOutput"),
        // AVX2/FMA matrix kernels for few-row products, chosen at run time (C: Swift cannot target AVX2 per function).
        .target(name: "CInferenceKernels"),
        .target(name: "Inference", dependencies: ["COpenBLAS", "CInferenceKernels"]),
        .target(name: "VectorArithmetic"),
        // Teaching figures as plain values: the MultipleNegativesRankingLoss forward, layer-walk figures.
        .target(name: "Teaching"),
        .target(name: "Embedding", dependencies: ["StrictJSON", "Tokenization", "Inference", "Digest", "HalfFloat", "VectorArithmetic", "Teaching"]),
        // A small libpq client: connections, parameterised queries with binary bytea, transactions.
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        // Starting a file's writeback early (sync_file_range), so a long write's fsync has little left.
        .target(name: "CFileWriteback"),
        .target(name: "VectorCache", dependencies: ["CSQLite", "CFileWriteback", "PostgresClient", "Digest", "HalfFloat", "TextOutput"]),
        // Statistics of a corpus's vectors: score distribution and percentiles, centring, PCA, hubness.
        .target(name: "SpaceAnalysis", dependencies: ["Inference", "HalfFloat", "VectorArithmetic", "COpenBLAS", "CLAPACK"]),
        .target(name: "ExplorerUI", dependencies: ["TextOutput", "VectorArithmetic", "Teaching"]),  // Embedding only through the ExplorerEngine protocol
        // Signal handlers must be async-signal-safe C; the terminal loop reads their self-pipe.
        .target(name: "CTerminalSignals"),
        .target(name: "CursesBackend", dependencies: ["CNcursesw", "CTerminalSignals", "ExplorerUI"]),
        // The model joined to the cache: opening a corpus for search, searching, indexing files
        // with progress, and the explorer's engine (the ExplorerEngine of ExplorerUI).
        // Fine-tuning: backward passes, MultipleNegativesRankingLoss, AdamW, the training loop, checkpoints.
        .target(name: "Training", dependencies: ["Inference", "Embedding", "TextInput", "StrictJSON"]),
        .target(name: "Corpora", dependencies: ["Embedding", "Inference", "VectorCache", "TextInput", "ExplorerUI", "SpaceAnalysis", "Teaching", "Training"]),
        // What `semblance bench` and `eval` measure and how: timings, statistics, probes, workloads, reports.
        .target(name: "Benchmarks", dependencies: [
            "Corpora", "Embedding", "Inference", "HalfFloat", "VectorArithmetic", "VectorCache", "TextInput", "TextOutput", "ExplorerUI",
            "CursesBackend", "SpaceAnalysis", "Training",
        ]),
        .executableTarget(
            name: "SemblanceCLI",
            dependencies: [
                "StrictJSON", "Tokenization", "Inference", "Embedding", "VectorCache", "TextInput", "TextOutput", "Digest", "ExplorerUI", "CursesBackend",
                "Corpora", "Benchmarks", "SpaceAnalysis", "Training",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "TestSupport"]),
        .testTarget(name: "HalfFloatTests", dependencies: ["HalfFloat", "TestSupport"]),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON", "TestSupport"]),
        .testTarget(name: "TextInputTests", dependencies: ["TextInput", "HalfFloat", "TestSupport"]),
        .testTarget(name: "TextOutputTests", dependencies: ["TextOutput", "TestSupport"]),
        .testTarget(name: "TokenizationTests", dependencies: ["Tokenization", "TestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "TestSupport"]),
        .testTarget(name: "TeachingTests", dependencies: ["Teaching", "Embedding", "TestSupport"]),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "TestSupport"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(name: "VectorCacheTests", dependencies: ["VectorCache", "CSQLite", "PostgresClient", "TestSupport"]),
        .testTarget(name: "ExplorerUITests", dependencies: ["ExplorerUI", "VectorArithmetic", "Teaching", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "SpaceAnalysisTests", dependencies: ["SpaceAnalysis", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Inference", "Embedding", "TextInput", "TestSupport"]),
        .testTarget(name: "CorporaTests", dependencies: ["Corpora", "Embedding", "Inference", "VectorCache", "ExplorerUI", "SpaceAnalysis", "TextInput", "TextOutput", "HalfFloat", "TestSupport"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "Inference", "TextInput", "TestSupport"]),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "ExplorerUI"]),
        // Runs the `semblance` built beside the test bundle: depending on the executable makes
        // `swift test` build it, and CommandRunner refuses a binary older than its objects.
        .testTarget(name: "CLITests", dependencies: ["SemblanceCLI", "TestSupport", "VectorCache", "PostgresClient", "SpaceAnalysis"],
                    exclude: ["HelpText"]),
    ],
    swiftLanguageModes: [.v6]
)
