import Embedding
import StrictJSON

/// The JSON form of an explanation: every number, in documented key order.
enum ExplanationJSON {
    static func render(_ e: SimilarityExplanation, pairs: Bool, ablation: [WordAblation.Result]?) -> String {
        var fields: [(String, String)] = [
            ("score", JSONText.number(e.score)),
            ("similarity_fn_name", JSONText.string(e.similarity.name)),
            ("cosine", JSONText.number(e.cosine)),
            ("pooling", JSONText.string(e.pooling.name)),
            // What every "share" column sums to, and whether that is the score itself.
            ("shares_sum_to", JSONText.string(e.sharedQuantity)),
            ("shares_total", JSONText.number(e.sharesTotal)),
            ("exact", e.isExact ? "true" : "false"),
        ]
        if let reason = e.inexactReason { fields.append(("inexact_reason", JSONText.string(reason))) }
        if let note = e.poolingNote { fields.append(("note", JSONText.string(note))) }
        fields.append(("a", side(e.a)))
        fields.append(("b", side(e.b)))
        if pairs { fields.append(("pairs", JSONText.array(e.pairs.map { JSONText.array($0.map(JSONText.number)) }))) }
        if let ablation {
            fields.append(("ablation", JSONText.array(ablation.map {
                JSONText.object([("word", JSONText.string($0.word.text)), ("start", String($0.word.start)),
                                 ("end", String($0.word.end)), ("delta", JSONText.number($0.delta))])
            })))
        }
        return JSONText.object(fields)
    }

    private static func side(_ side: SimilarityExplanation.Side) -> String {
        let tokens = side.tokens.indices.map { i in
            JSONText.object([
                ("token", JSONText.string(side.tokens[i].text)),
                ("start", String(side.tokens[i].start)),
                ("end", String(side.tokens[i].end)),
                ("special", side.tokens[i].isSpecial ? "true" : "false"),
                ("share", JSONText.number(side.shares[i])),
                ("self_share", JSONText.number(side.selfShares[i])),
            ])
        }
        let words = side.words.indices.map { i in
            JSONText.object([
                ("word", JSONText.string(side.words[i].text)),
                ("start", String(side.words[i].start)),
                ("end", String(side.words[i].end)),
                ("share", JSONText.number(side.wordShares[i])),
            ])
        }
        return JSONText.object([
            ("text", JSONText.string(side.text)),
            ("prompt", JSONText.string(side.prompt.text)),
            ("tokens", JSONText.array(tokens)),
            ("words", JSONText.array(words)),
            ("truncated_tokens", JSONText.array(side.truncatedTokens.map { JSONText.string($0.text) })),
        ])
    }
}
