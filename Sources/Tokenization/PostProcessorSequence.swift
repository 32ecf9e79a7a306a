/// HF post-processor `Sequence`: each processor in order on the same encoding.
struct PostProcessorSequence: PostProcessor {
    let processors: [any PostProcessor]

    var addedTokenCount: Int { processors.reduce(0) { $0 + $1.addedTokenCount } }

    func process(_ tokens: inout [Token], overflow: inout [Token]) {
        for processor in processors { processor.process(&tokens, overflow: &overflow) }
    }
}
