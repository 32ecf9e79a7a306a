import Foundation
import Testing
import TestSupport
import Tokenization

/// `Tokenizer.stages(of:)` (the step-through's normalised text and pre-tokens) against the
/// tokenizers library's `normalizer.normalize_str` and `pre_tokenizer.pre_tokenize_str`
/// (Tests/Fixtures/generators/pipeline_stages_reference.py): BERT, byte-level BPE, Unigram.
@Suite struct TokenizerStagesTests {
    struct Case: Decodable {
        let text: String
        let normalized: String
        let pre_tokens: [String]
    }

    @Test(arguments: ["tiny-bert-mean", "tiny-roberta-bpe", "tiny-xlmr-unigram"])
    func stagesMatchTheLibrary(model: String) throws {
        let url = Fixtures.root.appendingPathComponent("reference/pipeline-stages.json")
        let all = try JSONDecoder().decode([String: [Case]].self, from: Data(contentsOf: url))
        let cases = try #require(all[model])
        let tokenizer = try Tokenizer.load(directory: Fixtures.root.appendingPathComponent("models/\(model)"))
        for reference in cases {
            let stages = tokenizer.stages(of: reference.text)
            #expect(stages.normalized == reference.normalized, "\(model): \(reference.text)")
            #expect(stages.preTokens == reference.pre_tokens, "\(model): \(reference.text)")
        }
    }
}
