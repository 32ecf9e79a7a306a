import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// `semblance map`: the corpus map as SVG (well-formed XML, one point per item and per
/// label) or PNG, and the corpora that have no map.
struct MapCommandTests {
    private func indexedSandbox(_ lines: [String], corpus: String = "days") throws -> CacheSandbox {
        let sandbox = try CacheSandbox()
        let file = try sandbox.write(lines: lines, to: "corpus.txt")
        let result = try sandbox.index(corpus, [file])
        try #require(result.status == 0, "\(result.stderr)")
        return sandbox
    }

    /// Counts elements by their `class` attribute.
    private final class ClassCounter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var texts: [String] = []
        private var inText = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if let kind = attributes["class"] { counts[kind, default: 0] += 1 }
            inText = name == "text"
            if inText { texts.append("") }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText, !texts.isEmpty { texts[texts.count - 1] += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            inText = false
        }
    }

    @Test func svgParsesAndHasAPointPerItemAndLabel() throws {
        let sandbox = try indexedSandbox(corpusLines(30))
        let result = try sandbox.run(["map", "--corpus", "days", "--model", sandbox.model,
                                      "--label", "a <quoted> & odd \u{1B}[31m label", "--label", "second label"])
        #expect(result.status == 0, "\(result.stderr)")
        let parser = XMLParser(data: Data(result.stdout.utf8))
        let counter = ClassCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["item"] == 30)
        #expect(counter.counts["label"] == 2)
        #expect(counter.texts.contains("a <quoted> & odd ␛[31m label"), "\(counter.texts)")
        #expect(counter.texts.contains { $0.contains("PC1") && $0.contains("of variance") })
    }

    @Test func pngIsWrittenAndItsLabelsListed() throws {
        let sandbox = try indexedSandbox(corpusLines(30))
        let labels = sandbox.directory.file("labels.txt")
        try "first day\nlast day\n".write(to: labels, atomically: true, encoding: .utf8)
        let output = sandbox.directory.file("map.png")
        let result = try sandbox.run(["map", "--corpus", "days", "--model", sandbox.model, "--labels", labels.path,
                                      "--output", output.path, "--width", "320", "--height", "200", "--axes", "3-4"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1\tfirst day\n2\tlast day\n")
        let bytes = [UInt8](try Data(contentsOf: output))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
        #expect(Array(bytes[16..<24]) == [0, 0, 1, 64, 0, 0, 0, 200])  // 320 × 200
        #expect(result.stderr.contains("map: 30 items, 2 labels"))
    }

    @Test func aOneItemCorpusHasNoMapAndSaysWhy() throws {
        let sandbox = try indexedSandbox(["only one line here"], corpus: "one")
        let result = try sandbox.run(["map", "--corpus", "one", "--model", sandbox.model])
        #expect(result.status != 0)
        #expect(result.stderr.contains("corpus one has no map: one item"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func duplicateVectorsHaveNoMapAndSayWhy() throws {
        let sandbox = try indexedSandbox(Array(repeating: "the same sentence", count: 5), corpus: "same")
        let result = try sandbox.run(["map", "--corpus", "same", "--model", sandbox.model])
        #expect(result.status != 0)
        #expect(result.stderr.contains("every vector is the same"), "\(result.stderr)")
    }

    @Test func badOutputsAndAxesAreRefusedBeforeAnyWork() throws {
        let sandbox = try CacheSandbox()
        let text = try sandbox.run(["map", "--corpus", "days", "--output", "map.txt"])
        #expect(text.status != 0)
        #expect(text.stderr.contains("name a .svg or .png file"), "\(text.stderr)")
        let axes = try sandbox.run(["map", "--corpus", "days", "--axes", "5-6"])
        #expect(axes.status != 0)
        #expect(axes.stderr.contains("--axes must be 1-2 or 3-4"), "\(axes.stderr)")
    }
}
