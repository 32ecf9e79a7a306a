import COpenBLAS

/// Thin row-major wrappers over the OpenBLAS routines the package uses.
///
/// Other modules (pooling, search, training) call BLAS through here (SpaceAnalysis's PCA
/// calls `prepare()` before its own LAPACK and BLAS calls). Sizes are in elements; leading
/// dimensions are row strides. Sizes must fit OpenBLAS's 32-bit `blasint` (callers pass
/// dimensions of validated tensors).
///
/// OpenBLAS's thread count is process-wide, so it belongs to no one pass: it is set to one
/// thread, once, before the process's first call, and never changed. Whoever wants several
/// cores cuts the work into parts and runs them on its own threads (the forward pass, search,
/// corpus statistics, training). A count that another pass could change midway would change
/// the sums of the products that depend on it (a resumed training run would no longer be the
/// same bit for bit), and OpenBLAS threads under a pass's own threads would fight for the cores.
public enum BLAS {
    /// Sets OpenBLAS to one thread the first time anything here is used (Swift runs a static
    /// initializer once, thread-safely).
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Makes sure OpenBLAS is set up (one thread) before a caller's own calls into it.
    @inline(__always)
    public static func prepare() {
        _ = singleThreaded
    }

    /// Whether a matrix operand is used as stored or transposed.
    public enum Transpose: Sendable {
        case none, transposed

        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// C ← alpha · op(A) · op(B) + beta · C, all row-major.
    ///
    /// op(A) is [m × k], op(B) is [k × n], C is [m × n]. `lda`, `ldb`, `ldc` are the row
    /// strides of A, B and C as stored (before transposition).
    public static func sgemm(
        transposeA: Transpose = .none, transposeB: Transpose = .none,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        prepare()
        cblas_sgemm(
            CblasRowMajor, transposeA.cblas, transposeB.cblas,
            blasint(m), blasint(n), blasint(k),
            alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }

    /// y ← alpha · op(A) · x + beta · y with A stored row-major as [m × n].
    ///
    /// With `.none`, x has n elements and y has m; with `.transposed`, x has m and y has n.
    public static func sgemv(
        transpose: Transpose = .none,
        m: Int, n: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, incx: Int = 1,
        beta: Float = 0,
        y: UnsafeMutablePointer<Float>, incy: Int = 1
    ) {
        prepare()
        cblas_sgemv(
            CblasRowMajor, transpose.cblas, blasint(m), blasint(n),
            alpha, a, blasint(lda), x, blasint(incx), beta, y, blasint(incy))
    }

    /// How many threads OpenBLAS uses for one call: 1 (see above).
    public static var threadCount: Int {
        prepare()
        return Int(openblas_get_num_threads())
    }
}
