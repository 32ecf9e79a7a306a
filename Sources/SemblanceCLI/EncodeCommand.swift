import ArgumentParser
import Foundation
import StrictJSON
import TextOutput

enum VectorFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, json, csv, npy
}

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode texts into sentence vectors, as SentenceTransformer.encode does.",
        discussion: """
            Formats: jsonl (default) prints {"text", "embedding"} per text in input order; json one \
            array of those objects; csv one row of numbers per text (no header); npy a float32 \
            (texts × dimension) array that numpy.load reads.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    @Option(help: "Output format.")
    var format: VectorFormat = .jsonl

    @Option(name: .long, help: ArgumentHelp("Write to FILE instead of standard output: a regular file is replaced once complete; a FIFO, device or open descriptor (/dev/stdout, /dev/fd/N, >(…)) is written as a stream.", valueName: "FILE"))
    var output: String?

    @Option(help: "Texts per forward pass (1–1024).")
    var batchSize: Int = 32

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        try OptionBounds.check(batchSize, "--batch-size", in: OptionBounds.batchSize)
    }

    func run() throws {
        let model = try modelOptions.load()
        let texts = try inputOptions.readTexts()
        // Read and encode everything before creating the output, so a failure leaves no half file.
        let prompt = try modelOptions.prompt(for: model)
        let vectors = try encodeWithProgress(texts, model: { try model.encode($0, prompt: prompt, batchSize: $1) },
                                             batchSize: batchSize, quiet: quiet)
        let writer = try OutputWriter(path: output)
        switch format {
        case .jsonl:
            for (text, vector) in zip(texts, vectors) {
                try writer.write(Self.jsonObject(text, vector) + "\n")
            }
        case .json:
            try writer.write("[" + zip(texts, vectors).map(Self.jsonObject).joined(separator: ",\n") + "]\n")
        case .csv:
            for vector in vectors {
                try writer.write(vector.map(JSONText.number).joined(separator: ",") + "\n")
            }
        case .npy:
            try writer.write(NumpyArray.float32(rows: vectors, columns: model.dimension))
        }
        try writer.finish()
    }

    private static func jsonObject(_ text: String, _ vector: [Float]) -> String {
        JSONText.object([("text", JSONText.string(text)), ("embedding", JSONText.array(vector.map(JSONText.number)))])
    }
}

/// Encodes in chunks so that long inputs show progress on stderr.
func encodeWithProgress(
    _ texts: [String], model encode: ([String], Int) throws -> [[Float]], batchSize: Int, quiet: Bool
) throws -> [[Float]] {
    let progress = ProgressReporter("encoding", total: texts.count, quiet: quiet || texts.count < 256)
    var vectors: [[Float]] = []
    vectors.reserveCapacity(texts.count)
    // Saturating: no batch size may make the chunk arithmetic trap.
    let (product, overflow) = max(1, batchSize).multipliedReportingOverflow(by: 8)
    let chunk = overflow ? Int.max : product
    var start = 0
    while start < texts.count {
        let end = texts.count - start > chunk ? start + chunk : texts.count
        vectors += try encode(Array(texts[start..<end]), batchSize)
        progress.advance(by: end - start)
        start = end
    }
    if texts.count >= 256 { progress.finish() }
    return vectors
}
