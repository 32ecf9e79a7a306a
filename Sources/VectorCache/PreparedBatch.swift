import Digest
import TextOutput

/// One batch of items whose vectors the caller already holds (an import), prepared for the
/// indexer off its thread: each text's hash and each row's bytes at the corpus's precision,
/// checked finite. The indexer then stores these bytes as they are (a reused or derived
/// vector still wins, exactly as for vectors from `encode`).
public struct PreparedBatch: Sendable {
    public let items: [CorpusItem]
    /// SHA-256 of each item's text, in item order.
    public let hashes: [SHA256Digest]
    public let precision: VectorPrecision
    public let dimension: Int
    /// `items.count` rows of `dimension` components at `precision`, row-major, little-endian.
    let rows: [UInt8]

    /// Rows given as float16 bits (a float16 file stored at f16: the bytes go through unchanged).
    public init(items: [CorpusItem], halves: [UInt16], dimension: Int, model: String) throws {
        try self.init(items: items, rows: halves.withUnsafeBytes { Array($0) }, precision: .f16, dimension: dimension,
                      model: model)
    }

    /// Rows given as floats, row-major, converted to `precision` (f16 rounds to nearest).
    public init(items: [CorpusItem], vectors: [Float], precision: VectorPrecision, dimension: Int, model: String) throws {
        try self.init(items: items, rows: precision.blob(vectors), precision: precision, dimension: dimension, model: model)
    }

    /// Throws unless there is one row per item, or naming the first item whose row holds NaN
    /// or infinity (as the indexer does for an encoder's vector).
    private init(items: [CorpusItem], rows: [UInt8], precision: VectorPrecision, dimension: Int, model: String) throws {
        let bytesPerRow = dimension * precision.bytesPerComponent
        guard dimension > 0, rows.count == items.count * bytesPerRow else {
            throw VectorCacheError.wrongDimension(
                model: model, expected: dimension, got: items.isEmpty ? 0 : rows.count / precision.bytesPerComponent / items.count)
        }
        if !rows.withUnsafeBytes({ NonFiniteComponents.allFinite($0, precision: precision) }) {
            try rows.withUnsafeBytes { bytes in
                for row in items.indices {
                    let blob = UnsafeRawBufferPointer(rebasing: bytes[row * bytesPerRow ..< (row + 1) * bytesPerRow])
                    guard let component = NonFiniteComponents.first(in: blob, precision: precision) else { continue }
                    let value = precision.floats(blob, dimension: dimension)?[component] ?? .nan
                    throw VectorCacheError.nonFiniteVector(
                        model: model, text: TerminalText.quotedExcerpt(items[row].text), precision: precision,
                        component: component, value: value)
                }
            }
        }
        self.items = items
        self.hashes = items.map { SHA256.hash($0.text) }
        self.precision = precision
        self.dimension = dimension
        self.rows = rows
    }

    var bytesPerRow: Int { dimension * precision.bytesPerComponent }

    /// The bytes of row `row`.
    func blob(at row: Int) -> [UInt8] {
        Array(rows[row * bytesPerRow ..< (row + 1) * bytesPerRow])
    }

    /// The vector of each of `texts` (its first row in the batch, widened to floats), nil for
    /// a text the batch lacks: for a run that takes vectors through `encode`.
    public func vectors(of texts: [String]) -> [[Float]?] {
        let rows = Dictionary(zip(hashes, hashes.indices)) { first, _ in first }
        return texts.map { rows[SHA256.hash($0)].map(vector(at:)) }
    }

    /// Row `row` widened to floats.
    func vector(at row: Int) -> [Float] {
        rows.withUnsafeBytes { bytes in
            precision.floats(UnsafeRawBufferPointer(rebasing: bytes[row * bytesPerRow ..< (row + 1) * bytesPerRow]),
                             dimension: dimension) ?? []
        }
    }
}
