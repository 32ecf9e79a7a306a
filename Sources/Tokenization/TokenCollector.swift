/// Receives tokens in text order and keeps the first `budget` of them after [CLS]; the rest
/// go to `truncated`, so a long text is never copied a second time to be cut.
struct TokenCollector {
    private let budget: Int
    private(set) var kept: [Token]
    private(set) var truncated: [Token] = []

    init(budget: Int, first: Token) {
        self.budget = budget
        kept = [first]
        kept.reserveCapacity(min(budget, 4096) + 2)
    }

    mutating func append(_ token: Token) {
        if kept.count <= budget {
            kept.append(token)
        } else {
            truncated.append(token)
        }
    }

    /// Ends the kept tokens with `last` and returns both lists.
    consuming func finish(last: Token) -> (kept: [Token], truncated: [Token]) {
        kept.append(last)
        return (kept, truncated)
    }
}
