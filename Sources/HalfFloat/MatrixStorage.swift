/// The components of a row-major vector matrix, as f32 or as binary16 bit patterns: the one
/// storage type the cache loads (`VectorCache.CorpusMatrix`) and search reads
/// (`Embedding.NeighbourSearch`), so a loaded matrix is searched without a conversion.
///
/// It lives here because both of those targets already import HalfFloat (the f16 half of
/// it) and neither may import the other: the cache knows no model, the model no cache.
public enum MatrixStorage: Sendable {
    case f32([Float])
    case f16([UInt16])

    /// How many components it holds, whatever the precision.
    public var count: Int {
        switch self {
        case let .f32(values): values.count
        case let .f16(halves): halves.count
        }
    }
}
