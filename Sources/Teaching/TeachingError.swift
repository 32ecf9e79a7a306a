/// What the teaching figures refuse, each message naming what was wrong.
public enum TeachingError: Error, Equatable, CustomStringConvertible {
    case emptyBatch
    case notSquare(row: Int, columns: Int, rows: Int)
    case invalidScale(Double)
    case invalidBatchSize(Int)

    public var description: String {
        switch self {
        case .emptyBatch:
            "MNRL needs at least one (anchor, positive) pair"
        case let .notSquare(row, columns, rows):
            "MNRL score matrix row \(row + 1) has \(columns) scores, expected \(rows) (one per positive)"
        case let .invalidScale(scale):
            "MNRL scale must be a positive finite number, got \(scale)"
        case let .invalidBatchSize(size):
            "MNRL batch size must be at least 1, got \(size)"
        }
    }
}
