import Foundation
import Testing
import TestSupport

/// The similarity table lines up in terminal columns whatever the texts hold.
@Suite struct SimilarityTableLayoutTests {
    /// Terminal columns of a line of this table: East Asian wide characters take two.
    private func columns(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
            let combining = (0x0300...0x036F).contains(scalar.value)
            return width + (combining ? 0 : wide ? 2 : 1)
        }
    }

    @Test func wideAndCombiningLabelsKeepTheColumnsAligned() throws {
        let texts = ["日本語のテキストです、とても長い文章になりました", "cafe\u{301} au lait", "plain"]
        let result = try CommandRunner.semblance(["similarity", "--no-color", "--model", Fixtures.tinyModel.path] + texts)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.count == 3, "\(result.stdout)")
        // Every row ends in three 8-column cells, so every row is as wide as the header.
        let header = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix(" ") })
        for row in rows {
            #expect(columns(row) == columns(header), "\(row) is \(columns(row)) columns, the header \(columns(header))")
        }
        #expect(rows[0].contains("…"), "a long label is cut with an ellipsis: \(rows[0])")
    }
}
