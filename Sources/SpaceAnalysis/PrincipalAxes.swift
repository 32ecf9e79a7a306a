import CLAPACK
import COpenBLAS
import Inference

/// The principal axes of a corpus's centred vectors (PCA): its mean, the first few unit
/// axes, and the fraction of the total variance each of the first ten explains (as
/// scikit-learn's `explained_variance_ratio_`). Projects any vector of the model onto them.
public struct PrincipalAxes: Sendable, Equatable {
    /// Axes kept for projection (the map's two and the next two).
    public static let keptAxes = 4
    /// Ratios reported.
    public static let reportedRatios = 10

    /// The mean subtracted before projecting (the rows as scored: unit rows for a cosine).
    public let mean: [Float]
    /// Whether a vector is made unit length before the mean is subtracted.
    public let normalizesFirst: Bool
    /// Unit axes, largest variance first: up to `keptAxes` of them, each `dimension` long.
    public let axes: [[Float]]
    /// Variance along each of the first (up to) ten axes over the total variance.
    public let explainedVarianceRatio: [Double]

    public init(mean: [Float], normalizesFirst: Bool, axes: [[Float]], explainedVarianceRatio: [Double]) {
        self.mean = mean
        self.normalizesFirst = normalizesFirst
        self.axes = axes
        self.explainedVarianceRatio = explainedVarianceRatio
    }

    /// Coordinates of `vector` on the first `count` axes (fewer if fewer are kept); throws for
    /// a vector of another length.
    public func coordinates(of vector: [Float], count: Int = 2) throws -> [Double] {
        guard vector.count == mean.count else { throw SpaceAnalysisError.wrongDimension(expected: mean.count, got: vector.count) }
        var v = vector
        if normalizesFirst { ScoringMatrix.normalizeRows(&v, dimension: v.count) }
        return axes.prefix(max(0, count)).map { axis in
            var sum = 0.0
            for t in 0 ..< v.count { sum += (Double(v[t]) - Double(mean[t])) * Double(axis[t]) }
            return sum
        }
    }

    /// Coordinates of every row of `matrix` on the first `count` axes: row-major [rows × count].
    public func coordinates(of matrix: ScoringMatrix, count: Int = 2) -> [Float] {
        guard let projector = Projector(self, count: count, dimension: matrix.dimension), matrix.rows > 0 else { return [] }
        var out = [Float](repeating: 0, count: matrix.rows * projector.used)
        out.withUnsafeMutableBufferPointer { o in projector.project(matrix.values, rows: matrix.rows, into: o) }
        return out
    }

    /// Coordinates of every row of `source` on the first `count` axes, row-major [rows ×
    /// count], projected a chunk of rows at a time: the same figures as from the whole matrix
    /// without an f32 copy of it.
    public func coordinates(of source: CorpusRows, count: Int = 2) -> [Float] {
        guard let projector = Projector(self, count: count, dimension: source.dimension), source.rows > 0 else { return [] }
        let used = projector.used
        var out = [Float](repeating: 0, count: source.rows * used)
        out.withUnsafeMutableBufferPointer { o in
            source.forEachChunk { range, prepared in
                projector.project(prepared, rows: range.count,
                                  into: UnsafeMutableBufferPointer(rebasing: o[range.lowerBound * used ..< range.upperBound * used]))
            }
        }
        return out
    }

    /// x·axis − mean·axis for rows of prepared vectors: one product, then the mean's projection subtracted.
    private struct Projector {
        let used: Int
        let dimension: Int
        /// Row-major [used × dimension].
        let basis: [Float]
        let offsets: [Float]

        init?(_ axes: PrincipalAxes, count: Int, dimension d: Int) {
            let used = min(max(0, count), axes.axes.count)
            guard used > 0, d == axes.mean.count else { return nil }
            var basis = [Float](repeating: 0, count: used * d)
            for a in 0 ..< used { for t in 0 ..< d { basis[a * d + t] = axes.axes[a][t] } }
            self.used = used
            dimension = d
            self.basis = basis
            offsets = (0 ..< used).map { a in Float((0 ..< d).reduce(0.0) { $0 + Double(axes.mean[$1]) * Double(axes.axes[a][$1]) }) }
        }

        /// Coordinates of `rows` rows of `values` into `out` ([rows × used]).
        func project(_ values: [Float], rows: Int, into out: UnsafeMutableBufferPointer<Float>) {
            let d = dimension, used = self.used
            guard rows > 0, values.count >= rows * d, out.count == rows * used else { return }
            BLAS.prepare()  // OpenBLAS at one thread, as every caller runs it
            values.withUnsafeBufferPointer { x in
                basis.withUnsafeBufferPointer { b in
                    guard let xb = x.baseAddress, let bb = b.baseAddress, let ob = out.baseAddress else { return }
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(rows), blasint(used), blasint(d),
                                1, xb, blasint(d), bb, blasint(d), 0, ob, blasint(used))
                }
            }
            for row in 0 ..< rows { for a in 0 ..< used { out[row * used + a] -= offsets[a] } }
        }
    }

    /// PCA of `matrix`'s rows: the covariance (in Double, a chunk of centred rows at a time)
    /// and LAPACK's symmetric eigensolver.
    public static func compute(of matrix: ScoringMatrix, mean: [Float]) throws -> PrincipalAxes {
        let d = matrix.dimension, n = matrix.rows
        let normalizesFirst = matrix.scoring.isDirectional
        guard n >= 2 else {
            return PrincipalAxes(mean: mean, normalizesFirst: normalizesFirst, axes: [], explainedVarianceRatio: [])
        }
        var covariance = [Double](repeating: 0, count: d * d)
        BLAS.prepare()  // OpenBLAS at one thread, as every caller runs it
        let chunkRows = 2048
        var chunk = [Double](repeating: 0, count: chunkRows * d)
        var start = 0
        while start < n {
            let rows = min(chunkRows, n - start)
            matrix.values.withUnsafeBufferPointer { v in
                for r in 0 ..< rows { for t in 0 ..< d { chunk[r * d + t] = Double(v[(start + r) * d + t]) - Double(mean[t]) } }
            }
            chunk.withUnsafeBufferPointer { c in
                covariance.withUnsafeMutableBufferPointer { cov in
                    guard let cb = c.baseAddress, let covb = cov.baseAddress else { return }
                    // Upper triangle (row-major) of Σ xᵀx over the chunk.
                    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, blasint(d), blasint(rows), 1, cb, blasint(d), 1, covb, blasint(d))
                }
            }
            start += rows
        }
        let (values, vectors) = try eigen(symmetricUpper: covariance, dimension: d)
        let total = values.reduce(0) { $0 + max(0, $1) }
        // LAPACK returns ascending eigenvalues; the largest come last.
        let order = Array((0 ..< d).reversed())
        let ratios = order.prefix(reportedRatios).map { total > 0 ? max(0, values[$0]) / total : 0 }
        let axes = order.prefix(min(keptAxes, n - 1)).map { column in
            (0 ..< d).map { Float(vectors[column * d + $0]) }
        }
        return PrincipalAxes(mean: mean, normalizesFirst: normalizesFirst, axes: axes.map(Self.signFixed),
                             explainedVarianceRatio: ratios)
    }

    /// An axis's sign chosen so its largest component is positive: the same picture every run.
    private static func signFixed(_ axis: [Float]) -> [Float] {
        guard let largest = axis.max(by: { abs($0) < abs($1) }), largest < 0 else { return axis }
        return axis.map { -$0 }
    }

    /// Eigenvalues (ascending) and unit eigenvectors (eigenvector k at [k·d ..< (k+1)·d]) of a
    /// symmetric matrix given by its row-major upper triangle.
    static func eigen(symmetricUpper matrix: [Double], dimension d: Int) throws -> ([Double], [Double]) {
        // Row-major upper is column-major lower: LAPACK reads it with uplo "L".
        var a = matrix
        var w = [Double](repeating: 0, count: d)
        var n = Int32(d), lda = Int32(d), info: Int32 = 0
        var lwork: Int32 = -1, liwork: Int32 = -1
        var workQuery = 0.0
        var iworkQuery: Int32 = 0
        let jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
        var jobzChar = jobz, uploChar = uplo
        dsyevd_(&jobzChar, &uploChar, &n, &a, &lda, &w, &workQuery, &lwork, &iworkQuery, &liwork, &info)
        guard info == 0 else { throw SpaceAnalysisError.eigensolverFailed(info: Int(info)) }
        lwork = Int32(workQuery.rounded(.up))
        liwork = max(1, iworkQuery)
        var work = [Double](repeating: 0, count: Int(max(1, lwork)))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&jobzChar, &uploChar, &n, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { throw SpaceAnalysisError.eigensolverFailed(info: Int(info)) }
        // Column-major eigenvectors: column k is eigenvector k, contiguous.
        return (w, a)
    }
}
