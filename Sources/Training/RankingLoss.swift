import Foundation

/// How anchor and candidate vectors are scored before the scale (`similarity_fct`).
public enum RankingSimilarity: String, Sendable, CaseIterable {
    /// cos_sim: both sides normalized, then the dot product.
    case cosine
    /// dot_score: the plain dot product.
    case dot
}

/// MultipleNegativesRankingLoss as sentence-transformers computes it, and its gradient:
/// scores[i][j] = scale · sim(anchor_i, candidate_j) over candidates = every positive, then
/// every hard negative; loss = mean over anchors of cross-entropy(scores[i], i).
/// The symmetric variant (MultipleNegativesSymmetricRankingLoss) averages that with the
/// cross-entropy of each positive over the anchors (scores[:, :B]ᵀ).
/// Computed in Double: B × B values, cheap next to the encoder.
public struct RankingLoss: Sendable {
    public let scale: Double
    public let similarity: RankingSimilarity
    public let symmetric: Bool

    public init(scale: Double = 20, similarity: RankingSimilarity = .cosine, symmetric: Bool = false) {
        self.scale = scale
        self.similarity = similarity
        self.symmetric = symmetric
    }

    public struct Result: Sendable {
        public let loss: Double
        /// dL/d(anchor vectors), [B][D].
        public let anchorGradients: [[Float]]
        /// dL/d(candidate vectors): positives then hard negatives, [B or 2B][D].
        public let candidateGradients: [[Float]]
    }

    /// - Parameter candidates: the B positives, then (optionally) B hard negatives.
    public func evaluate(anchors: [[Float]], candidates: [[Float]]) -> Result {
        let b = anchors.count, c = candidates.count
        let a = anchors.map { $0.map(Double.init) }, p = candidates.map { $0.map(Double.init) }
        let aNorm = a.map(Self.norm), pNorm = p.map(Self.norm)
        let aUnit = similarity == .cosine ? zip(a, aNorm).map { v, n in v.map { $0 / n } } : a
        let pUnit = similarity == .cosine ? zip(p, pNorm).map { v, n in v.map { $0 / n } } : p
        var scores = [[Double]](repeating: [Double](repeating: 0, count: c), count: b)
        for i in 0..<b { for j in 0..<c { scores[i][j] = scale * Self.dot(aUnit[i], pUnit[j]) } }
        // dL/dscores
        var dScores = [[Double]](repeating: [Double](repeating: 0, count: c), count: b)
        let weight = symmetric ? 0.5 : 1.0
        var loss = 0.0
        for i in 0..<b {
            let (rowLoss, rowGradient) = Self.crossEntropy(scores[i], target: i)
            loss += weight * rowLoss / Double(b)
            for j in 0..<c { dScores[i][j] += weight * rowGradient[j] / Double(b) }
        }
        if symmetric {
            // Each positive j against every anchor: column j of the first B columns.
            for j in 0..<b {
                let column = (0..<b).map { scores[$0][j] }
                let (columnLoss, columnGradient) = Self.crossEntropy(column, target: j)
                loss += 0.5 * columnLoss / Double(b)
                for i in 0..<b { dScores[i][j] += 0.5 * columnGradient[i] / Double(b) }
            }
        }
        // d(unit vectors), then through the normalization for cosine.
        var dA = [[Double]](repeating: [Double](repeating: 0, count: a.first?.count ?? 0), count: b)
        var dP = [[Double]](repeating: [Double](repeating: 0, count: p.first?.count ?? 0), count: c)
        for i in 0..<b {
            for j in 0..<c where dScores[i][j] != 0 {
                let g = scale * dScores[i][j]
                for d in 0..<dA[i].count {
                    dA[i][d] += g * pUnit[j][d]
                    dP[j][d] += g * aUnit[i][d]
                }
            }
        }
        if similarity == .cosine {
            dA = (0..<b).map { Self.throughNormalization(dA[$0], unit: aUnit[$0], norm: aNorm[$0]) }
            dP = (0..<c).map { Self.throughNormalization(dP[$0], unit: pUnit[$0], norm: pNorm[$0]) }
        }
        return Result(loss: loss, anchorGradients: dA.map { $0.map(Float.init) }, candidateGradients: dP.map { $0.map(Float.init) })
    }

    /// −log softmax(row)[target] and its gradient softmax(row) − onehot(target).
    static func crossEntropy(_ row: [Double], target: Int) -> (Double, [Double]) {
        let maximum = row.max() ?? 0
        let exps = row.map { Foundation.exp($0 - maximum) }
        let sum = exps.reduce(0, +)
        let loss = -(row[target] - maximum - Foundation.log(sum))
        var gradient = exps.map { $0 / sum }
        gradient[target] -= 1
        return (loss, gradient)
    }

    /// As torch's F.normalize: the norm, at least 1e-12.
    static func norm(_ v: [Double]) -> Double { max(dot(v, v).squareRoot(), 1e-12) }

    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        var sum = 0.0
        for index in x.indices { sum += x[index] * y[index] }
        return sum
    }

    static func throughNormalization(_ gradient: [Double], unit: [Double], norm: Double) -> [Double] {
        let projection = dot(unit, gradient)
        return zip(gradient, unit).map { ($0 - $1 * projection) / norm }
    }
}
