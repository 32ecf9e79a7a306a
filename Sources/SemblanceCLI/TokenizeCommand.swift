import ArgumentParser
import StrictJSON

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show how the model's tokenizer splits texts.",
        discussion: """
            Prints one JSON object per text and line: {"text", "tokens", "ids", "offsets"}, where \
            offsets are [start, end) character (Unicode scalar) positions in the text, as Python's. \
            Texts are truncated to the model's max_seq_length, the template's special tokens \
            ([CLS]/[SEP], <s>/</s>) included; tokens are spelled as the tokenizer writes them \
            (byte-level BPE's "Ġ" for a space).
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var inputOptions: InputOptions

    func run() throws {
        let model = try modelOptions.load()
        // The text as given unless a prompt flag asks for one: this shows the tokenizer.
        let prompt = try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: .text(""))).text
        let output = try OutputWriter(path: nil)
        for text in try inputOptions.readTexts().map({ prompt + $0 }) {
            let tokenized = model.tokenize(text)
            try output.write(JSONText.object([
                ("text", JSONText.string(text)),
                ("tokens", JSONText.array(tokenized.tokens.map { JSONText.string($0.text) })),
                ("ids", JSONText.array(tokenized.tokens.map { String($0.id) })),
                ("offsets", JSONText.array(tokenized.tokens.map { "[\($0.start),\($0.end)]" })),
            ]) + "\n")
        }
        try output.finish()
    }
}
