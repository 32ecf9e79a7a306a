/// HF `ByteLevel` used as a post-processor: adds no tokens, only trims spaces off token
/// offsets when `trim_offsets` is set.
struct ByteLevelProcessing: PostProcessor {
    let trimOffsets: Bool
    let addPrefixSpace: Bool

    var addedTokenCount: Int { 0 }

    func process(_ tokens: inout [Token], overflow: inout [Token]) {
        guard trimOffsets else { return }
        OffsetTrimming.trim(&tokens, addPrefixSpace: addPrefixSpace)
        OffsetTrimming.trim(&overflow, addPrefixSpace: addPrefixSpace)
    }
}
