import Foundation

/// The header of a `.npy` file (format 1.0, 2.0 or 3.0), parsed strictly: the magic, the
/// version, a Python dict literal with exactly `descr`, `fortran_order` and `shape`, and a
/// file whose length is exactly the header plus rows × columns items. numpy writes nothing
/// else for `numpy.save` of a 2-D float array, so anything else is refused, naming the field.
struct NumpyHeader: Equatable {
    let rows: Int
    let columns: Int
    let isHalf: Bool
    let isFortranOrder: Bool
    let dataOffset: Int

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Far above any header numpy writes (a few hundred bytes); a claim beyond is a lie.
    static let maximumHeaderBytes = 65536

    /// Reads and checks the header of the open file `descriptor` of `fileSize` bytes.
    static func read(descriptor: Int32, path: String, fileSize: Int) throws -> NumpyHeader {
        var prefix = [UInt8](repeating: 0, count: 12)
        let got = prefix.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 12, 0) }
        guard got >= 10, Array(prefix[0 ..< 6]) == magic else {
            throw TextInputError.badVectors(path: path, detail: "not a .npy file (no \\x93NUMPY magic at its start)")
        }
        let major = Int(prefix[6]), minor = Int(prefix[7])
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw TextInputError.badVectors(path: path, detail: ".npy format version \(major).\(minor), not 1.0, 2.0 or 3.0")
        }
        guard got >= 8 + lengthBytes else { throw TextInputError.badVectors(path: path, detail: "ends inside its header") }
        var headerLength = 0
        for i in 0 ..< lengthBytes { headerLength |= Int(prefix[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard headerLength > 0, headerLength <= maximumHeaderBytes else {
            throw TextInputError.badVectors(path: path, detail: "header length \(headerLength) is not a .npy header's")
        }
        guard start + headerLength <= fileSize else {
            throw TextInputError.badVectors(path: path, detail: "ends inside its header (\(headerLength) bytes promised)")
        }
        var text = [UInt8](repeating: 0, count: headerLength)
        let read = text.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, headerLength, off_t(start)) }
        guard read == headerLength else { throw TextInputError.badVectors(path: path, detail: "ends inside its header") }
        var header = try parse(text, path: path)
        header = NumpyHeader(rows: header.rows, columns: header.columns, isHalf: header.isHalf,
                             isFortranOrder: header.isFortranOrder, dataOffset: start + headerLength)
        let item = header.isHalf ? 2 : 4
        let (components, overflow) = header.rows.multipliedReportingOverflow(by: header.columns)
        let (bytes, bytesOverflow) = components.multipliedReportingOverflow(by: item)
        guard !overflow, !bytesOverflow, bytes == fileSize - header.dataOffset else {
            let promised = overflow || bytesOverflow ? "more than can be stored" : "\(bytes) bytes"
            throw TextInputError.badVectors(
                path: path, detail: "holds \(fileSize - header.dataOffset) bytes of data, but its header promises shape (\(header.rows), \(header.columns)) of \(item)-byte floats, \(promised): truncated, or not what the header says")
        }
        return header
    }

    /// Parses the dict literal (data offset left 0).
    static func parse(_ bytes: [UInt8], path: String) throws -> NumpyHeader {
        func bad(_ detail: String) -> TextInputError { .badVectors(path: path, detail: "header \(detail)") }
        guard bytes.last == 0x0A else { throw bad("does not end with a newline") }
        var scanner = LiteralScanner(bytes: Array(bytes.dropLast()))
        let entries: [(String, LiteralScanner.Value)]
        do { entries = try scanner.dictionary() } catch let error as LiteralScanner.Failure { throw bad(error.reason) }

        var byKey: [String: LiteralScanner.Value] = [:]
        for (key, value) in entries {
            guard ["descr", "fortran_order", "shape"].contains(key) else { throw bad("has an unknown key '\(key)'") }
            guard byKey.updateValue(value, forKey: key) == nil else { throw bad("names '\(key)' twice") }
        }
        guard case let .string(descr)? = byKey["descr"] else { throw bad("has no 'descr' string") }
        guard case let .bool(fortran)? = byKey["fortran_order"] else { throw bad("has no 'fortran_order' True or False") }
        guard case let .tuple(shape)? = byKey["shape"] else { throw bad("has no 'shape' tuple") }
        let isHalf: Bool
        switch descr {
        case "<f4": isHalf = false
        case "<f2": isHalf = true
        case ">f4", ">f2":
            throw bad("'descr' is '\(descr)', big-endian: save the array as little-endian ('<f4' or '<f2')")
        default:
            throw bad("'descr' is '\(descr)', not float32 ('<f4') or float16 ('<f2'): save model.encode(...) as float32 or float16")
        }
        guard shape.count == 2 else {
            throw bad("'shape' is (\(shape.map(String.init).joined(separator: ", "))), not (rows, dimension)")
        }
        guard shape[0] > 0, shape[1] > 0 else { throw bad("'shape' (\(shape[0]), \(shape[1])) has no rows or no components") }
        return NumpyHeader(rows: shape[0], columns: shape[1], isHalf: isHalf, isFortranOrder: fortran, dataOffset: 0)
    }
}

/// The few Python literals a `.npy` header holds: quoted strings (no escapes), True/False,
/// tuples of non-negative integers, and one dict of them.
struct LiteralScanner {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    struct Failure: Error {
        let reason: String
    }

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func dictionary() throws -> [(String, Value)] {
        skipSpaces()
        try expect(UInt8(ascii: "{"))
        var entries: [(String, Value)] = []
        while true {
            skipSpaces()
            if peek == UInt8(ascii: "}") { index += 1; break }
            guard case let .string(key) = try value() else { throw Failure(reason: "has a key that is not a string") }
            skipSpaces()
            try expect(UInt8(ascii: ":"))
            skipSpaces()
            entries.append((key, try value()))
            skipSpaces()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            break
        }
        skipSpaces()
        guard index == bytes.count else { throw Failure(reason: "has text after its dict") }
        return entries
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpaces() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else {
            throw Failure(reason: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)\(peek == nil ? " (it ends)" : "")")
        }
        index += 1
    }

    private mutating func value() throws -> Value {
        switch peek {
        case UInt8(ascii: "'")?, UInt8(ascii: "\"")?:
            let quote = bytes[index]
            index += 1
            let start = index
            while let byte = peek, byte != quote {
                guard byte != UInt8(ascii: "\\"), byte >= 0x20, byte < 0x7F else {
                    throw Failure(reason: "has an escape or non-ASCII byte in a string at byte \(index)")
                }
                index += 1
            }
            try expect(quote)
            return .string(String(decoding: bytes[start ..< index - 1], as: UTF8.self))
        case UInt8(ascii: "T")?, UInt8(ascii: "F")?:
            for (word, flag) in [("True", true), ("False", false)] where bytes[index...].starts(with: word.utf8) {
                index += word.utf8.count
                return .bool(flag)
            }
            throw Failure(reason: "has a word other than True or False at byte \(index)")
        case UInt8(ascii: "(")?:
            index += 1
            var numbers: [Int] = []
            while true {
                skipSpaces()
                if peek == UInt8(ascii: ")") { index += 1; return .tuple(numbers) }
                numbers.append(try integer())
                skipSpaces()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: ")"))
                return .tuple(numbers)
            }
        default:
            throw Failure(reason: "has an unexpected \(peek == nil ? "end" : "character") at byte \(index)")
        }
    }

    private mutating func integer() throws -> Int {
        var value = 0, digits = 0
        while let byte = peek, byte >= 0x30, byte <= 0x39 {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int(byte - 0x30))
            guard !o1, !o2 else { throw Failure(reason: "has a dimension too large at byte \(index)") }
            value = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw Failure(reason: "has a non-integer dimension at byte \(index)") }
        return value
    }
}
