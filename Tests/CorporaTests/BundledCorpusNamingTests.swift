import Corpora
import Embedding
import Foundation
import Inference
import TestSupport
import Testing

/// Each encoder gets its own copy of a bundled corpus, so `--model` and `--quantize` can be
/// switched on one cache without meeting a corpus another encoder built.
@Suite struct BundledCorpusNamingTests {
    @Test func theDefaultModelsFloat32EncoderKeepsThePlainName() {
        #expect(BundledCorpora.name("teaching", model: InstalledModels.defaultName, precision: .float32) == "teaching")
        #expect(BundledCorpora.name("teaching", model: InstalledModels.defaultName, precision: .int8) == "teaching.all-MiniLM-L6-v2.int8")
        #expect(BundledCorpora.name("teaching", model: "all-mpnet-base-v2", precision: .float32) == "teaching.all-mpnet-base-v2")
        #expect(BundledCorpora.name("teaching", model: "all-mpnet-base-v2", precision: .int8) == "teaching.all-mpnet-base-v2.int8")
    }

    /// The regression: the float32 engine indexed the bundled corpus first, then the int8 one
    /// refused it ("holds vectors of … float32 encoder"); now each opens its own.
    @Test func float32AndInt8EnginesOpenTheBundledCorpusOnOneCache() throws {
        let corpus = try ReferenceCorpus(count: 6)
        let samples = try TemporaryDirectory("semblance-bundled-tests")
        _ = try samples.write("teaching.txt", corpus.texts.joined(separator: "\n") + "\n")
        for precision in [EncoderPrecision.float32, .int8, .float32] {
            let model = try SentenceTransformer(modelDirectory: Fixtures.tinyModel, precision: precision)
            let bundled = BundledCorpora.locate(for: model, environment: ["SEMBLANCE_SAMPLES": samples.url.path])
            let name = BundledCorpora.name(BundledCorpora.teaching, for: model)
            #expect(Array(bundled.keys) == [name])
            let engine = ExplorerCorpusEngine(model: model, cachePath: corpus.cachePath, bundledCorpora: bundled)
            let info = try engine.openCorpus(named: name, progress: { _ in })
            #expect(info.itemCount == corpus.texts.count, "\(name)")
        }
    }
}
