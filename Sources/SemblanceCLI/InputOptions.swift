import ArgumentParser
import TextInput

enum InputFormat: String, ExpressibleByArgument, CaseIterable {
    case lines, jsonl
}

/// Where texts come from: positional arguments, else `--input FILE`, else standard input.
struct InputOptions: ParsableArguments {
    @Argument(help: "Texts to process. Without any, texts are read from --input or standard input.")
    var texts: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read texts from FILE instead.", valueName: "FILE"))
    var input: String?

    @Option(name: .long, help: "How --input or standard input is read: one text per line, or JSON Lines (a JSON string or an object with \"text\" per line).")
    var inputFormat: InputFormat = .lines

    func validate() throws {
        if !texts.isEmpty && input != nil {
            throw ValidationError("give texts as arguments or with --input, not both")
        }
    }

    func readTexts() throws -> [String] {
        if !texts.isEmpty { return texts }
        let source = try input.map(InputSource.file) ?? InputSource.standardInput()
        switch inputFormat {
        case .lines: return try PlainLinesReader.records(in: source).map(\.text)
        case .jsonl: return try JSONLinesReader().records(in: source).map(\.text)
        }
    }
}
