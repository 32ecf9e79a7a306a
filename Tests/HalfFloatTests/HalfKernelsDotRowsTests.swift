import HalfFloat
import Testing
import TestSupport

/// The f16 matrix × f32 vector product against a Double reference.
@Suite struct HalfKernelsDotRowsTests {
    @Test func handComputedTinyCase() {
        // rows [1, 2, 3] and [-0.5, 0, 4] · query [2, 1, 0.25] = 4.75 and 0
        let matrix = HalfKernels.encode([1, 2, 3, -0.5, 0, 4])
        let query: [Float] = [2, 1, 0.25]
        #expect(product(matrix, query) == [4.75, 0])
        #expect(HalfKernels.Portable.dotRows(matrix, query: query) == [4.75, 0])
    }

    /// Dimensions that exercise the 32-wide, 8-wide and scalar tails of the vectorised loop.
    @Test(arguments: [1, 7, 8, 31, 32, 33, 384, 390])
    func matchesDoubleReference(dimension: Int) {
        var generator = SplitMix64(seed: UInt64(dimension))
        let rows = 13
        let floats = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let matrix = HalfKernels.encode(floats)
        let exact = HalfKernels.decode(matrix)
        let query = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let scores = product(matrix, query)
        let portable = HalfKernels.Portable.dotRows(matrix, query: query)
        for r in 0..<rows {
            var reference = 0.0
            for d in 0..<dimension { reference += Double(exact[r * dimension + d]) * Double(query[d]) }
            #expect(abs(Double(scores[r]) - reference) < 1e-4 * Double(dimension).squareRoot())
            #expect(abs(Double(portable[r]) - reference) < 1e-4 * Double(dimension).squareRoot())
        }
    }

    @Test func mismatchedShapesLeaveScoresUntouched() {
        let matrix = HalfKernels.encode([1, 2, 3, 4, 5])
        var scores: [Float] = [-7, -7]
        matrix.withUnsafeBufferPointer { m in
            [Float](arrayLiteral: 1, 1).withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { HalfKernels.dotRows(m, query: q, scores: $0) }
            }
        }
        #expect(scores == [-7, -7])
    }

    private func product(_ matrix: [UInt16], _ query: [Float]) -> [Float] {
        var scores = [Float](repeating: .nan, count: matrix.count / query.count)
        matrix.withUnsafeBufferPointer { m in
            query.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { HalfKernels.dotRows(m, query: q, scores: $0) }
            }
        }
        return scores
    }
}
