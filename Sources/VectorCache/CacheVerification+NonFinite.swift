extension VectorStore {
    /// One line per corpus whose items use a non-finite vector (how many, and the first
    /// positions), and one for such vectors no item uses.
    func nonFiniteProblems(vectorIDs: [Int64]) throws -> [String] {
        guard !vectorIDs.isEmpty else { return [] }
        let users = try database.prepare("""
            SELECT c.name, i.position FROM items i JOIN corpora c ON c.id = i.corpus WHERE i.vector = ?1
            """)
        var positionsByCorpus: [String: [Int]] = [:]
        var unused = 0
        for id in vectorIDs {
            try users.bind([.integer(id)])
            var used = false
            while try users.step() {
                positionsByCorpus[users.text(at: 0) ?? "?", default: []].append(users.int(at: 1))
                used = true
            }
            if !used { unused += 1 }
        }
        var problems = positionsByCorpus.sorted { $0.key < $1.key }.map { corpus, positions in
            let sorted = positions.sorted()
            let shown = sorted.prefix(10).map(String.init).joined(separator: ", ")
            let more = sorted.count > 10 ? ", …" : ""
            return "corpus \"\(corpus)\": \(sorted.count) item(s) with a non-finite vector (NaN or infinity) at position(s) \(shown)\(more); index it again to encode them anew"
        }
        if unused > 0 {
            problems.append("\(unused) vector(s) no corpus uses have non-finite components; `semblance cache vacuum` drops them")
        }
        return problems
    }
}
