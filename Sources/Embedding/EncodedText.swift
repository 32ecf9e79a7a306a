import Inference
import Tokenization

/// One text after encoding: its tokens, their last-layer states and the sentence vector.
/// The explorer keeps this so that explanations need no second forward pass.
public struct EncodedText: Sendable {
    public let tokenized: TokenizedText
    /// Last-layer states `[tokens × hidden]`, one row per token of `tokenized.tokens`.
    public let states: TokenStates
    /// The sentence vector `[dimension]` after pooling (and Normalize when the model has it).
    public let embedding: [Float]
}
