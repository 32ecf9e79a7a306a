/// Largest absolute element-wise difference; `.infinity` when the lengths differ.
public func maxAbsoluteDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    var worst: Float = 0
    for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
    return worst
}

/// Cosine similarity computed in Double, independent of the library under test.
public func referenceCosine(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count, "vectors of different lengths")
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in a.indices {
        dot += Double(a[i]) * Double(b[i])
        na += Double(a[i]) * Double(a[i])
        nb += Double(b[i]) * Double(b[i])
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}
