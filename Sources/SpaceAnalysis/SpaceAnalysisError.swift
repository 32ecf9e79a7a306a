/// What the statistics of a corpus cannot be computed or read from.
public enum SpaceAnalysisError: Error, CustomStringConvertible, Equatable {
    /// A matrix whose size is not rows × dimension, or of dimension 0.
    case badMatrix(rows: Int, dimension: Int, components: Int)
    /// Stored statistics that do not decode (damaged, or written by another version).
    case unreadableSummary(detail: String)
    /// The eigensolver failed (LAPACK's `info`).
    case eigensolverFailed(info: Int)
    /// A vector of another length than the corpus's.
    case wrongDimension(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .badMatrix(rows, dimension, components):
            "a matrix of \(rows) × \(dimension) cannot hold \(components) components"
        case let .unreadableSummary(detail):
            "the stored corpus statistics cannot be read (\(detail)); they are computed again"
        case let .eigensolverFailed(info):
            "the principal components did not converge (LAPACK dsyevd info \(info))"
        case let .wrongDimension(expected, got):
            "a \(got)-dimensional vector where the corpus has \(expected) dimensions"
        }
    }
}
