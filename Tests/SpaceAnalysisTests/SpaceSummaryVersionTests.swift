import Foundation
import SpaceAnalysis
import Testing

/// The stored space summary: version 2 records the rows the figures come from; version 1
/// (always from every row) is still read as such; a summary that lies about its rows is refused.
@Suite struct SpaceSummaryVersionTests {
    private func space(rows: Int, rowLimit: Int) throws -> CorpusSpace {
        let storage = SyntheticRows.storage(rows: rows, dimension: 8, half: false)
        return try CorpusSpace.compute(rows: rows, dimension: 8, storage: storage, scoring: .cosine, rowLimit: rowLimit, workers: 2)
    }

    /// Offset of the sample fields: the magic (4 bytes) and the items (8).
    private let sampleFields = 4 + 8 ..< 4 + 8 + 8 + 1 + 8

    @Test func aSampledSummaryRoundTripsWithItsSample() throws {
        let sampled = try space(rows: 300, rowLimit: 100)
        #expect(sampled.isRowSampled && sampled.analysedItems == 100)
        let decoded = try SpaceSummaryCodec.decodeSpace(SpaceSummaryCodec.encode(sampled))
        #expect(decoded == sampled && decoded.analysedItems == 100 && decoded.rowSeed == CorpusSpace.rowSampleSeed)
        let whole = try space(rows: 50, rowLimit: 100)
        #expect(try SpaceSummaryCodec.decodeSpace(SpaceSummaryCodec.encode(whole)) == whole)
    }

    @Test func aVersionOneSummaryIsReadAsFromEveryRow() throws {
        let whole = try space(rows: 50, rowLimit: 100)
        // Version 1 is version 2 without the sample fields, under magic "SPC1".
        var bytes = SpaceSummaryCodec.encode(whole)
        #expect(Array(bytes[0 ..< 4]) == Array("2CPS".utf8))
        bytes.removeSubrange(sampleFields)
        bytes[0] = UInt8(ascii: "1")
        let decoded = try SpaceSummaryCodec.decodeSpace(bytes)
        #expect(decoded == whole && decoded.analysedItems == 50 && !decoded.isRowSampled)
    }

    @Test func aSummaryClaimingMoreRowsThanItemsOrAnUnsampledPartIsRefused() throws {
        let sampled = try space(rows: 300, rowLimit: 100)
        var bytes = SpaceSummaryCodec.encode(sampled)
        // analysed rows: 301 of 300.
        bytes.replaceSubrange(12 ..< 20, with: withUnsafeBytes(of: Int64(301).littleEndian) { Array($0) })
        #expect(throws: SpaceAnalysisError.self) { try SpaceSummaryCodec.decodeSpace(bytes) }
        // Not sampled, yet 100 of 300 rows.
        bytes = SpaceSummaryCodec.encode(sampled)
        bytes[20] = 0
        #expect(throws: SpaceAnalysisError.self) { try SpaceSummaryCodec.decodeSpace(bytes) }
        // Another magic.
        bytes = SpaceSummaryCodec.encode(sampled)
        bytes[0] = UInt8(ascii: "9")
        #expect(throws: SpaceAnalysisError.self) { try SpaceSummaryCodec.decodeSpace(bytes) }
    }
}
