import ArgumentParser
import Corpora
import ExplorerUI
import Foundation
import TextInput
import TextOutput

/// `semblance map`: the explorer's corpus map as a picture for slides.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw a cached corpus on its first two principal components, as SVG or PNG.",
        discussion: """
            The same map as the explorer's map pane (F2): every item's vector, centred on the \
            corpus mean, projected onto the two principal components that explain the most \
            variance (--axes 3-4: the next two); both axes on one scale, the share of the \
            variance each explains printed under the picture. The statistics are computed \
            once per corpus and model and kept in the cache. Texts given with --label or \
            --labels are encoded with the model (with its query prompt, as the explorer's \
            input) and drawn as labelled points. SVG is written to standard output unless \
            --output names a .svg or .png file; a PNG has no fonts, so its labelled points \
            carry numbers, and the number → text list is printed on standard output.
            """)

    @Option(help: "Name of the cached corpus.")
    var corpus: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the picture to FILE (.svg or .png).", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("label"), help: ArgumentHelp("A text to place and label on the map (repeatable).", valueName: "TEXT"))
    var labels: [String] = []

    @Option(name: .customLong("labels"), help: ArgumentHelp("A file of texts to label, one per line.", valueName: "FILE"))
    var labelsFile: String?

    @Option(help: ArgumentHelp("Which components: 1-2 or 3-4.", valueName: "AXES"))
    var axes: String = "1-2"

    @Option(help: "Picture width in pixels.")
    var width: Int = 900

    @Option(help: "Picture height in pixels.")
    var height: Int = 700

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try OptionBounds.check(width, "--width", in: OptionBounds.pictureSide)
        try OptionBounds.check(height, "--height", in: OptionBounds.pictureSide)
        guard pair != nil else { throw ValidationError("--axes must be 1-2 or 3-4") }
        if let output { _ = try Self.format(of: output) }
    }

    private var pair: Int? {
        switch axes {
        case "1-2", "12": 0
        case "3-4", "34": 1
        default: nil
        }
    }

    enum PictureFormat { case svg, png }

    static func format(of path: String) throws -> PictureFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "svg": return .svg
        case "png": return .png
        default: throw ValidationError("--output \(TerminalText.visible(path)): name a .svg or .png file")
        }
    }

    func run() throws {
        var texts = labels
        if let labelsFile {
            texts += try PlainLinesReader.records(in: InputSource.file(labelsFile)).map(\.text)
        }
        let model = try modelOptions.load()
        let prompt = try model.resolvePrompt(try modelOptions.prompt(for: model, fallback: model.queryPromptChoice))
        let searcher = try CorpusSearcher(corpus: corpus, model: model, queryPrompt: prompt, store: cacheOptions.open(writable: false))
        if !texts.isEmpty { model.announcePrompt(prompt, for: "map: labels") }
        let data = try CorpusMapBuilder.build(searcher: searcher, corpusName: corpus, labels: texts, pair: pair ?? 0)
        let format = try output.map(Self.format) ?? .svg
        switch format {
        case .svg:
            let writer = try OutputWriter(path: output)
            try writer.write(MapPicture.svg(data, width: width, height: height))
            try writer.finish()
        case .png:
            guard let bytes = MapPicture.png(data, width: width, height: height) else {
                throw ValidationError("cannot make a \(width)x\(height) PNG")
            }
            let writer = try OutputWriter(path: output)
            try writer.write(Data(bytes))
            try writer.finish()
            // The PNG's labels are numbers: say which text each one is.
            for (index, label) in data.labels.enumerated() { print("\(index + 1)\t\(TerminalText.visible(label.text))") }
        }
        if output != nil {
            FileHandle.standardError.write(Data(
                "map: \(data.xs.count) items, \(data.labels.count) labels → \(TerminalText.visible(output ?? ""))\n".utf8))
        }
    }
}
