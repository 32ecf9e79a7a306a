/// The encoder families this forward pass computes, chosen by `config.json` `model_type`.
///
/// All share one body (self-attention → residual + LayerNorm → feed-forward → residual +
/// LayerNorm, post-norm); they differ in where their weights are named, which positions a
/// token gets, whether token types are added, and (MPNet) a relative position bias.
public enum EncoderArchitecture: String, Sendable, CaseIterable {
    case bert
    case roberta
    case xlmRoberta = "xlm-roberta"
    case mpnet
    case distilbert

    /// `model_type` as written in config.json.
    public var modelType: String { rawValue }

    /// Every supported `model_type`, for error messages.
    public static var supportedModelTypes: [String] { allCases.map(\.modelType).sorted() }

    /// How transformers' class names of this family begin (`BertModel`, `BertForMaskedLM`, …):
    /// every entry of `architectures` must.
    var classPrefix: String {
        switch self {
        case .bert: "Bert"
        case .roberta: "Roberta"
        case .xlmRoberta: "XLMRoberta"
        case .mpnet: "MPNet"
        case .distilbert: "DistilBert"
        }
    }

    /// Prefixes a checkpoint may put before the base model's tensor names: the family's
    /// `base_model_prefix` in transformers (what `…ForMaskedLM` checkpoints carry) and `model.`.
    var weightPrefixes: [String] {
        switch self {
        case .bert: ["", "bert.", "model."]
        case .roberta, .xlmRoberta: ["", "roberta.", "model."]
        case .mpnet: ["", "mpnet.", "model."]
        case .distilbert: ["", "distilbert.", "model."]
        }
    }

    /// Whether a token-type row is added to every token (BERT and RoBERTa; row 0, single segment).
    var hasTokenTypes: Bool {
        switch self {
        case .bert, .roberta, .xlmRoberta: true
        case .mpnet, .distilbert: false
        }
    }

    /// Whether positions are counted from past the padding id, as fairseq did (RoBERTa, MPNet).
    var countsPositionsPastPadding: Bool {
        switch self {
        case .roberta, .xlmRoberta, .mpnet: true
        case .bert, .distilbert: false
        }
    }
}
