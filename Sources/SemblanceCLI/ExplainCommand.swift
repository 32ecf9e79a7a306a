import ArgumentParser
import Embedding
import Foundation

enum ExplanationFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

enum ExplanationUnit: String, EnumerableFlag {
    case words, wordpieces
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which tokens make two sentences similar.",
        discussion: """
            With mean pooling the cosine of A and B splits exactly into one share per token: \
            share(i) = (hᵢ·v) / (n‖u‖‖v‖), where hᵢ are A's last-layer token states, u = mean(hᵢ) and \
            v is B's vector. The shares of A's tokens sum to the cosine; so do B's. The template's \
            special tokens ([CLS]/[SEP], <s>/</s>) are real members of the mean and are shown. "self" is a token's share of its own \
            sentence vector (summing to 1). Words sum their wordpieces' shares. \
            --pairs prints the token-pair matrix (hᵢ·gⱼ)/(n m ‖u‖‖v‖), which also sums to the cosine. \
            --ablate re-encodes A without each word and prints how the score moves (Δ): a \
            what-if, not a decomposition — attention changes too. \
            The same split holds for every pooling mode (cls and lasttoken give one token the \
            whole score, max credits each dimension to its maximum), for dot as well as cosine, \
            and through Dense modules with the Identity activation. Where no exact split exists \
            (a Dense with Tanh or another non-linear activation, or a euclidean or manhattan \
            score) the output says so and shows the shares of a labelled stand-in instead: the \
            cosine of the pooled vectors, or of the sentence vectors. With include_prompt false \
            the prompt's tokens feed the model but take no share.
            """)

    @Argument(help: "The first sentence.") var a: String
    @Argument(help: "The second sentence.") var b: String
    @OptionGroup var modelOptions: ModelOptions
    @Flag(help: "Show shares per word (default) or per wordpiece.") var unit: ExplanationUnit = .words
    @Flag(help: "Also print the token-pair matrix.") var pairs = false
    @Flag(help: "Also re-encode A without each word and print Δcos.") var ablate = false
    @Option(help: "Output format.") var format: ExplanationFormat = .table
    @Flag(help: "Never shade (also when NO_COLOR is set or stdout is not a terminal).") var noColor = false

    func run() throws {
        let model = try modelOptions.load()
        let encoded = try model.encodeWithStates([a, b], prompt: try modelOptions.prompt(for: model))
        let explanation = SimilarityExplanation(encoded[0], encoded[1], model: model)
        let ablation = ablate ? try WordAblation(model: model).run(encoded[0], toward: encoded[1]) : nil
        switch format {
        case .json:
            print(ExplanationJSON.render(explanation, pairs: pairs, ablation: ablation))
        case .table:
            let report = ExplanationReport(
                explanation: explanation, byWord: unit == .words, ablation: ablation,
                shaded: !noColor && TerminalStyle.colorAllowed)
            print(report.render(withPairs: pairs))
        }
    }
}
