import Foundation
import HalfFloat
import TestSupport
import Testing
@testable import TextInput

/// Vectors made elsewhere: the sentence-transformers fixture (`make_import_vectors.py`) read
/// back exactly in every layout, and hand-made bad `.npy` files refused naming the field.
@Suite struct VectorFileTests {
    static let fixtures = Fixtures.root.appendingPathComponent("reference/import")
    static let f32 = fixtures.appendingPathComponent("minilm-f32.npy").path

    /// Every row of `file`, through blocks of `blockRows`.
    static func allRows(_ file: any VectorRows, blockRows: Int = 5) throws -> [Float] {
        var values: [Float] = []
        var next = 0
        try file.forEachBlock(blockRows: blockRows) { first, block in
            #expect(first == next)
            values.append(contentsOf: block)
            next += block.count / file.dimension
        }
        return values
    }

    @Test func theFloat32FileIsReadAsNumpyWroteIt() throws {
        let file = try NumpyMatrixFile(path: Self.f32, dimension: 384)
        #expect(file.rows == 36 && file.dimension == 384 && !file.isHalf && !file.isFortranOrder)
        let values = try Self.allRows(file)
        #expect(values.count == 36 * 384)
        // Rows read one by one are the same rows; and MiniLM's rows are unit length.
        let picked = try file.rows(at: [35, 0, 17])
        #expect(picked[0] == Array(values[35 * 384 ..< 36 * 384]))
        #expect(picked[1] == Array(values[0 ..< 384]))
        for row in 0 ..< 36 {
            let norm = values[row * 384 ..< (row + 1) * 384].reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    /// numpy's float16 rounds to nearest even like HalfKernels, so the Fortran-order f16 file
    /// is exactly the f32 file rounded: any transposition mistake breaks equality.
    @Test(arguments: [1, 7, 36, 4096])
    func theFortranOrderHalfFileIsTheFloat32FileRounded(blockRows: Int) throws {
        let half = try NumpyMatrixFile(path: Self.fixtures.appendingPathComponent("minilm-f16-fortran.npy").path, dimension: nil)
        #expect(half.isHalf && half.isFortranOrder && half.rows == 36 && half.dimension == 384)
        let expected = HalfKernels.decode(HalfKernels.encode(try Self.allRows(NumpyMatrixFile(path: Self.f32, dimension: nil))))
        #expect(try Self.allRows(half, blockRows: blockRows) == expected)
        #expect(try half.rows(at: [3, 30]) == [Array(expected[3 * 384 ..< 4 * 384]), Array(expected[30 * 384 ..< 31 * 384])])
    }

    @Test func jsonLinesEmbeddingsAreTheFloat32Rows() throws {
        let lines = try JSONLinesVectorFile(path: Self.fixtures.appendingPathComponent("minilm.jsonl").path, dimension: 384)
        #expect(lines.rows == 12)
        let npy = try Self.allRows(NumpyMatrixFile(path: Self.f32, dimension: 384))
        #expect(try Self.allRows(lines) == Array(npy[0 ..< 12 * 384]))
        #expect(try lines.rows(at: [11]) == [Array(npy[11 * 384 ..< 12 * 384])])
    }

    // MARK: hand-made bad files

    /// A version 1.0 `.npy` with `header` (the dict literal) padded as numpy pads it.
    static func npy(_ header: String, data: [UInt8], major: UInt8 = 1) -> [UInt8] {
        var text = header
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = text.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [major, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8) + data
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    static func header(descr: String = "<f4", fortran: String = "False", shape: String = "(2, 3)") -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shape), }"
    }

    static let sixFloats = floats([1, 2, 3, 4, 5, 6])

    func refusal(_ bytes: [UInt8], dimension: Int? = 3) throws -> String {
        let directory = try TemporaryDirectory()
        let file = try directory.write("bad.npy", bytes: bytes)
        do {
            _ = try NumpyMatrixFile(path: file.path, dimension: dimension)
        } catch let error as TextInputError {
            guard case let .badVectors(path, detail) = error else { return "\(error)" }
            #expect(path == file.path)
            return detail
        }
        Issue.record("accepted")
        return ""
    }

    @Test func aGoodHandMadeFileIsRead() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("good.npy", bytes: Self.npy(Self.header(), data: Self.sixFloats))
        #expect(try Self.allRows(NumpyMatrixFile(path: file.path, dimension: 3)) == [1, 2, 3, 4, 5, 6])
        let fortran = try directory.write("f.npy", bytes: Self.npy(Self.header(fortran: "True"), data: Self.sixFloats))
        #expect(try Self.allRows(NumpyMatrixFile(path: fortran.path, dimension: 3)) == [1, 3, 5, 2, 4, 6])
        let v2 = try directory.write("v2.npy", bytes: [0x93] + Array("NUMPY".utf8) + [2, 0, 64, 0, 0, 0]
            + Array((Self.header() + String(repeating: " ", count: 64 - 1 - Self.header().utf8.count) + "\n").utf8) + Self.sixFloats)
        #expect(try Self.allRows(NumpyMatrixFile(path: v2.path, dimension: 3)) == [1, 2, 3, 4, 5, 6])
    }

    @Test func wrongDtypesAreRefusedNamingTheDescr() throws {
        #expect(try refusal(Self.npy(Self.header(descr: "<f8"), data: Self.sixFloats + Self.sixFloats)).contains("'descr' is '<f8', not float32"))
        #expect(try refusal(Self.npy(Self.header(descr: "<i4"), data: Self.sixFloats)).contains("'descr' is '<i4'"))
        #expect(try refusal(Self.npy(Self.header(descr: ">f4"), data: Self.sixFloats)).contains("big-endian"))
    }

    @Test func wrongShapesAndDimensionsAreRefused() throws {
        #expect(try refusal(Self.npy(Self.header(shape: "(6,)"), data: Self.sixFloats)).contains("'shape' is (6), not (rows, dimension)"))
        #expect(try refusal(Self.npy(Self.header(shape: "(1, 2, 3)"), data: Self.sixFloats)).contains("not (rows, dimension)"))
        #expect(try refusal(Self.npy(Self.header(shape: "(0, 3)"), data: [])).contains("no rows"))
        #expect(try refusal(Self.npy(Self.header(), data: Self.sixFloats), dimension: 384)
            .contains("rows have 3 components, but the model makes 384-dimensional vectors"))
    }

    @Test func aLyingOrTruncatedFileIsRefusedByItsLength() throws {
        // The header claims 4 rows; the data holds 2.
        #expect(try refusal(Self.npy(Self.header(shape: "(4, 3)"), data: Self.sixFloats))
            .contains("holds 24 bytes of data, but its header promises shape (4, 3) of 4-byte floats, 48 bytes"))
        #expect(try refusal(Array(Self.npy(Self.header(), data: Self.sixFloats).dropLast(1))).contains("holds 23 bytes"))
        #expect(try refusal(Self.npy(Self.header(), data: Self.sixFloats + [0])).contains("holds 25 bytes"))
        #expect(try refusal(Self.npy(Self.header(shape: "(99999999999999999999, 3)"), data: Self.sixFloats)).contains("too large"))
        #expect(try refusal(Self.npy(Self.header(shape: "(4611686018427387903, 3)"), data: Self.sixFloats)).contains("more than can be stored"))
        #expect(try refusal(Array(Self.npy(Self.header(), data: []).prefix(40))).contains("ends inside its header"))
    }

    @Test func malformedHeadersAreRefused() throws {
        #expect(try refusal(Array("not numpy at all".utf8)).contains("no \\x93NUMPY magic"))
        #expect(try refusal(Self.npy(Self.header(), data: Self.sixFloats, major: 4)).contains("format version 4.0"))
        #expect(try refusal(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': (1,)}", data: Self.sixFloats))
            .contains("unknown key 'extra'"))
        #expect(try refusal(Self.npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", data: Self.sixFloats))
            .contains("names 'descr' twice"))
        #expect(try refusal(Self.npy("{'descr': '<f4', 'shape': (2, 3)}", data: Self.sixFloats)).contains("no 'fortran_order'"))
        #expect(try refusal(Self.npy(Self.header(fortran: "Fals"), data: Self.sixFloats)).contains("other than True or False"))
        #expect(try refusal(Self.npy(Self.header() + " junk", data: Self.sixFloats)).contains("text after its dict"))
    }

    @Test func nonFiniteRowsAreRefusedNamingRowAndComponent() throws {
        let nan = Self.floats([1, 2, 3, 4, .nan, 6, 7, 8, 9])
        #expect(try refusal(Self.npy(Self.header(shape: "(3, 3)"), data: nan)).contains("row 1 (0-based) holds nan at component 1"))
        let infinity = Self.floats([1, 2, 3, 4, 5, 6, 7, 8, -.infinity])
        #expect(try refusal(Self.npy(Self.header(shape: "(3, 3)"), data: infinity)).contains("row 2 (0-based) holds -inf at component 2"))
        // float16 infinity (0x7C00) in a Fortran-order file: row 1, component 0.
        let halves: [UInt16] = [0x3C00, 0x7C00, 0x3C00, 0x3C00]
        let bytes = halves.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try refusal(Self.npy(Self.header(descr: "<f2", fortran: "True", shape: "(2, 2)"), data: bytes), dimension: 2)
            .contains("row 1 (0-based) holds inf at component 0"))
    }

    @Test func badJSONLinesAreRefusedNamingTheLine() throws {
        let directory = try TemporaryDirectory()
        func refusal(_ text: String, dimension: Int? = nil) throws -> String {
            let file = try directory.write("v.jsonl", text)
            do { _ = try JSONLinesVectorFile(path: file.path, dimension: dimension) } catch let error as TextInputError {
                return "\(error)"
            }
            Issue.record("accepted \(text)")
            return ""
        }
        #expect(try refusal("{\"embedding\": [1, 2]}\n\n{\"embedding\": [1, 2, 3]}\n").hasSuffix("line 3: 3 components, not 2 as on the first line"))
        #expect(try refusal("{\"embedding\": [1, 2]}\n", dimension: 3).hasSuffix("line 1: 2 components, not 3, the model's dimension"))
        #expect(try refusal("{\"embedding\": [1, 1e39]}\n").hasSuffix("line 1: component 1 is 1e39, beyond float32; every component must be finite"))
        #expect(try refusal("{\"vector\": [1]}\n").hasSuffix("line 1: no field \"embedding\""))
        #expect(try refusal("{\"embedding\": [1, \"2\"]}\n").hasSuffix("line 1: component 1 is a string, not a number"))
        #expect(try refusal("{\"embedding\": [1, 2]\n").contains("line 1: not valid JSON"))
        #expect(try refusal("\n\n").hasSuffix("holds no vectors"))
        // Bare arrays, CRLF endings and no final newline are fine.
        let file = try directory.write("ok.jsonl", "[1, 2]\r\n[3, 4]")
        #expect(try Self.allRows(JSONLinesVectorFile(path: file.path, dimension: 2)) == [1, 2, 3, 4])
    }

    @Test func vectorFilesAreChosenByExtension() throws {
        #expect(try VectorFiles.open(Self.f32, dimension: 384).rows == 36)
        #expect(throws: TextInputError.self) { try VectorFiles.open("/tmp/vectors.csv", dimension: 384) }
        #expect(VectorFiles.fileExtension("/a.b/c.NPY") == "npy" && VectorFiles.fileExtension("/a.b/c") == "")
    }
}
