import Inference
import Testing

/// The row-major BLAS wrappers on hand-computed products.
@Suite("BLAS wrappers")
struct BLASProductTests {
    // A = [[1, 2, 3], [4, 5, 6]] (2 × 3), B = [[1, 0], [0, 1], [2, -1]] (3 × 2).
    let a: [Float] = [1, 2, 3, 4, 5, 6]
    let b: [Float] = [1, 0, 0, 1, 2, -1]

    @Test("sgemm A·B, row-major")
    func plainProduct() {
        var c = [Float](repeating: 0, count: 4)
        BLAS.sgemm(m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        // [1+0+6, 0+2-3], [4+0+12, 0+5-6]
        #expect(c == [7, -1, 16, -1])
    }

    @Test("sgemm A·Aᵀ with transposed B, alpha and beta")
    func transposedWithScaling() {
        var c: [Float] = [1, 1, 1, 1]
        BLAS.sgemm(transposeB: .transposed, m: 2, n: 2, k: 3, alpha: 2, a: a, lda: 3, b: a, ldb: 3, beta: 1, c: &c, ldc: 2)
        // A·Aᵀ = [[14, 32], [32, 77]]; 2·that + 1
        #expect(c == [29, 65, 65, 155])
    }

    @Test("sgemm Aᵀ·A with transposed A")
    func transposedA() {
        var c = [Float](repeating: 0, count: 9)
        BLAS.sgemm(transposeA: .transposed, m: 3, n: 3, k: 2, a: a, lda: 3, b: a, ldb: 3, c: &c, ldc: 3)
        #expect(c == [17, 22, 27, 22, 29, 36, 27, 36, 45])
    }

    @Test("sgemv A·x and Aᵀ·y")
    func matrixVector() {
        var y = [Float](repeating: 0, count: 2)
        BLAS.sgemv(m: 2, n: 3, a: a, lda: 3, x: [1, -1, 2], y: &y)
        #expect(y == [5, 11])
        var z = [Float](repeating: 0, count: 3)
        BLAS.sgemv(transpose: .transposed, m: 2, n: 3, a: a, lda: 3, x: [1, 1], y: &z)
        #expect(z == [5, 7, 9])
    }

    @Test("the OpenBLAS thread count is readable and at least 1")
    func threadCount() {
        // Not changed here: tests run in parallel and the setting is process-wide.
        #expect(BLAS.threadCount >= 1)
    }
}
