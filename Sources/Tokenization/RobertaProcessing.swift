/// HF `RobertaProcessing`: `<s> $A </s>`, after trimming spaces off token offsets when
/// `trim_offsets` is set (the kept and the overflowing tokens alike).
struct RobertaProcessing: PostProcessor {
    let template: TemplateProcessing
    let trimOffsets: Bool
    let addPrefixSpace: Bool

    var addedTokenCount: Int { template.addedTokenCount }

    func process(_ tokens: inout [Token], overflow: inout [Token]) {
        if trimOffsets {
            OffsetTrimming.trim(&tokens, addPrefixSpace: addPrefixSpace)
            OffsetTrimming.trim(&overflow, addPrefixSpace: addPrefixSpace)
        }
        template.process(&tokens, overflow: &overflow)
    }
}
