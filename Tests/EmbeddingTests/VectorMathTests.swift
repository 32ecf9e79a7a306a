import Embedding
import Testing

struct VectorMathTests {
    @Test func cosineByHand() {
        #expect(abs(VectorMath.cosine([1, 0], [1, 1]) - 1 / 2.0.squareRoot()) < 1e-12)
        #expect(VectorMath.cosine([0, 0], [1, 1]) == 0)
    }

    @Test func normalizedHasUnitLength() {
        let unit = VectorMath.normalized([3, 4])
        #expect(unit == [0.6, 0.8])
        #expect(VectorMath.normalized([0, 0]) == [0, 0])
    }

    @Test func cosineMatrixIsSymmetricWithUnitDiagonal() {
        let m = VectorMath.cosineMatrix([[1, 0], [0, 2], [1, 1]])
        #expect(abs(m[0][0] - 1) < 1e-12 && abs(m[1][1] - 1) < 1e-12)
        #expect(m[0][1] == 0 && m[0][2] == m[2][0])
    }
}
