import Benchmarks
import Foundation
import TestSupport
import TextInput
import Testing

/// The inputs benchmarks run on: texts from files, synthetic token sequences and vectors.
@Suite struct BenchWorkloadTests {
    @Test func anSTSFileGivesItsDistinctSentencesInOrder() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("pairs.csv", """
            sentence1,sentence2,score
            a cat,a dog,1.5
            "a dog, running",a cat,2
            a bird,a bird,5

            """)
        let texts = try BenchTexts.read(path: file.path)
        #expect(texts.texts == ["a cat", "a dog", "a dog, running", "a bird"])
        #expect(texts.origin == "the distinct sentences of pairs.csv")
    }

    @Test func anyOtherFileGivesItsNonEmptyLinesAndAnEmptyOneIsAnError() throws {
        let directory = try TemporaryDirectory()
        let lines = try directory.write("lines.txt", "one\n\ntwo\n   \nthree\n")
        #expect(try BenchTexts.read(path: lines.path).texts == ["one", "two", "three"])
        #expect(try BenchTexts.typed(path: lines.path) == ["one", "two", "three"])
        let empty = try directory.write("empty.txt", "\n\n")
        #expect(throws: TextInputError.noTexts(source: empty.path)) { _ = try BenchTexts.read(path: empty.path) }
    }

    @Test func withoutAFileTheBuiltInSentences() throws {
        #expect(try BenchTexts.read(path: nil).texts == BuiltInSentences.texts)
        #expect(try BenchTexts.typed(path: nil) == Array(BuiltInSentences.texts.prefix(12)))
    }

    @Test func syntheticSequencesAreRepeatableAndShapedLikeShortSentences() {
        let sequences = SyntheticShape.sequences(count: 500, vocabularySize: 30522)
        #expect(sequences == SyntheticShape.sequences(count: 500, vocabularySize: 30522))
        #expect(sequences.allSatisfy { (6...28).contains($0.count) && $0.first == 101 && $0.last == 102 })
        #expect(sequences.allSatisfy { $0.dropFirst().dropLast().allSatisfy { (1000..<30522).contains($0) } })
        let mean = Double(sequences.map(\.count).reduce(0, +)) / Double(sequences.count)
        #expect(abs(mean - 17) < 1)
    }

    @Test func theSearchBenchmarkFindsTheRowItsQueryCopies() throws {
        // The query is the middle row plus a little noise: a search that works finds that row.
        let times = try #require(SearchBenchmark(dimension: 24, k: 3, repeats: 1).timeSearch(rows: 301))
        #expect(times.bestRow == 150)
        #expect(times.rows == 301)
    }

    @Test func theOpenBenchmarkLoadsEveryRowAtBothPrecisions() throws {
        var opened: [(String, Int)] = []
        try SearchBenchmark(dimension: 8, k: 1, repeats: 3).timeOpen(items: 50) { opened.append(($0.precision.rawValue, $0.rowsLoaded)) }
        #expect(opened.map(\.0) == ["f32", "f16"])
        #expect(opened.map(\.1) == [50, 50])
    }

    @Test func peakMemoryIsReadFromProc() throws {
        // Resident size first: other tests in this process may grow it between the two reads,
        // and a peak read afterwards still covers it.
        let now = try #require(ProcessMemory.residentBytes())
        let peak = try #require(ProcessMemory.peakResidentBytes())
        #expect(peak >= now && now > 0)
    }
}
