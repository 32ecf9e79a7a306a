import Inference
import Tokenization

/// One text after encoding: its tokens, their last-layer states and the sentence vector.
/// The explorer keeps this so that explanations need no second forward pass.
public struct EncodedText: Sendable {
    /// The prompted text's tokens (the prompt, when there is one, comes first).
    public let tokenized: TokenizedText
    /// Last-layer states `[tokens × hidden]`, one row per token of `tokenized.tokens`.
    public let states: TokenStates
    /// The prompt prepended to the text.
    public let prompt: ResolvedPrompt
    /// Leading tokens left out of pooling (the prompt's, with `include_prompt: false`).
    public let excludedTokenCount: Int
    /// The Pooling module's vector, before any Dense or Normalize.
    public let pooled: [Float]
    /// The sentence vector `[dimension]` after every module.
    public let embedding: [Float]
}
