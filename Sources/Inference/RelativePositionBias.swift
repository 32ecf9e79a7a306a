import Foundation

/// MPNet's relative position bias: one table [buckets × heads], shared by every layer,
/// whose row for the bucket of (key − query) is added to each head's attention scores.
///
/// The bias depends only on the distance j − i, so for a batch whose longest sequence has
/// L tokens each head needs one row of 2L − 1 values; a query row's biases are then a
/// contiguous slice of it, which the attention kernel adds as it stores the scores.
struct RelativePositionBias {
    /// transformers' `MPNetEncoder.compute_position_bias` always buckets into 32 (its default
    /// argument), whatever `relative_attention_num_buckets` says.
    static let bucketCount = 32
    /// Distances from this on share the last bucket of their direction.
    static let maxDistance = 128
    /// Zeros after each head's row: the AVX2 kernel reads scores of keys padded to a
    /// multiple of 16 (and masks them out of the softmax).
    static let keyPadding = 16

    /// [table rows × heads], row-major as in the checkpoint.
    let table: FloatTensor
    let headCount: Int

    /// The bucket of `relative` = key index − query index, computed as transformers'
    /// `relative_position_bucket` does (bidirectional; float32 logarithms truncated to an
    /// integer, so that the boundaries at 16, 32 and 64 fall where torch puts them).
    static func bucket(_ relative: Int) -> Int {
        let half = bucketCount / 2  // one half per direction
        var result = relative > 0 ? half : 0  // keys after the query
        let distance = relative.magnitude
        let exact = half / 2
        if distance < UInt(exact) { return result + Int(distance) }
        let logarithm = Foundation.log(Float(distance) / Float(exact))
        let scaled = logarithm / Float(Foundation.log(Double(maxDistance) / Double(exact))) * Float(half - exact)
        result += min(exact + Int(scaled), half - 1)
        return result
    }

    /// Rows of biases for sequences up to `longest` tokens: head h's row starts at
    /// `h * rowStride` and holds the bias of distance d = j − i at index `longest − 1 + d`,
    /// followed by `keyPadding` zeros.
    func rows(longest: Int) -> (values: [Float], rowStride: Int, centre: Int) {
        let span = 2 * longest - 1
        let stride = span + Self.keyPadding
        var values = [Float](repeating: 0, count: headCount * stride)
        let weights = table.baseAddress
        for index in 0..<span {
            let bucket = Self.bucket(index - (longest - 1))
            for head in 0..<headCount {
                values[head * stride + index] = weights[bucket * headCount + head]
            }
        }
        return (values, stride, longest - 1)
    }
}

extension EncoderModel {
    /// MPNet's bucket of the distance key index − query index (`RelativePositionBias.bucket`;
    /// public for its tests).
    public static func relativePositionBucket(_ relative: Int) -> Int { RelativePositionBias.bucket(relative) }
}
