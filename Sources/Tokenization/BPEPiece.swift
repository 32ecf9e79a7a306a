/// One token of a BPE word: its id and the scalars of the word it covers, `start..<end`.
struct BPEPiece: Sendable, Equatable {
    let id: Int32
    let start: Int32
    let end: Int32
}
