import COpenBLAS

/// Thin row-major wrappers over the OpenBLAS routines the package uses.
///
/// This is the only file that imports COpenBLAS; other modules (pooling, search) call
/// BLAS through here. Sizes are in elements; leading dimensions are row strides. Sizes
/// must fit OpenBLAS's 32-bit `blasint` (callers pass dimensions of validated tensors).
public enum BLAS {
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
        cblas_sgemv(
            CblasRowMajor, transpose.cblas, blasint(m), blasint(n),
            alpha, a, blasint(lda), x, blasint(incx), beta, y, blasint(incy))
    }

    /// Sets how many threads OpenBLAS may use for one call (process-wide).
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// How many threads OpenBLAS currently uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
