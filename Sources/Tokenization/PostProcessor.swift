/// The post-processor stage of a tokenizer.json pipeline (`post_processor.type`): runs after
/// truncation, adds the template's special tokens and may trim token offsets.
protocol PostProcessor: Sendable {
    /// How many tokens it adds around a single sequence; truncation leaves room for them.
    var addedTokenCount: Int { get }
    /// Processes one encoding: `tokens` are what truncation kept, `overflow` what it cut
    /// (HF processes both; special tokens are only added to `tokens`).
    func process(_ tokens: inout [Token], overflow: inout [Token])
}
