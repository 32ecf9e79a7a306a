import Embedding
import Foundation
import Inference

/// Finds the corpora that ship in `samples/`: next to the working directory, or up from the
/// executable (`.build/<triple>/release/semblance` lives three levels below the checkout).
public enum BundledCorpora {
    /// The teaching corpus' name in the cache, and the one `explore` opens by default.
    public static let teaching = "teaching"

    /// The cache name of bundled corpus `base` encoded by `model`: the default model's float32
    /// encoder keeps the plain name (as caches made before hold it); any other model, or the
    /// int8 encoder, gets a corpus of its own ("teaching.all-mpnet-base-v2",
    /// "teaching.all-MiniLM-L6-v2.int8"), so switching `--model` or `--quantize` never meets a
    /// corpus another encoder built.
    public static func name(_ base: String, for model: SentenceTransformer) -> String {
        name(base, model: model.name, precision: model.model.precision)
    }

    /// As above, from the model's name and encoder precision.
    public static func name(_ base: String, model: String, precision: EncoderPrecision) -> String {
        let quantized = precision != .float32
        guard model != InstalledModels.defaultName || quantized else { return base }
        return "\(base).\(model)" + (quantized ? ".\(precision.rawValue)" : "")
    }

    /// name → file, for the bundled corpora that can be found, named for `model`'s encoder.
    public static func locate(for model: SentenceTransformer,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: URL] {
        Dictionary(locate(environment: environment).map { (name($0.key, for: model), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// base name → file, for the bundled corpora that can be found.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: URL] {
        var roots: [URL] = []
        if let samples = environment["SEMBLANCE_SAMPLES"], !samples.isEmpty {
            roots.append(URL(fileURLWithPath: samples))
        }
        roots.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("samples"))
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var directory = executable.deletingLastPathComponent()
            for _ in 0..<5 {
                roots.append(directory.appendingPathComponent("samples"))
                directory = directory.deletingLastPathComponent()
            }
        }
        for root in roots {
            let file = root.appendingPathComponent("teaching.txt")
            if FileManager.default.isReadableFile(atPath: file.path) { return [teaching: file] }
        }
        return [:]
    }
}
