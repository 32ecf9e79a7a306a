import Foundation

/// Where one tensor lives in a safetensors file and what it holds.
public struct SafeTensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: SafeTensorsDType
    /// Dimensions, outermost first (row-major).
    public let shape: [Int]
    /// Byte range relative to the start of the data region (just after the header).
    public let dataOffsets: Range<Int>

    /// product(shape); 1 for a scalar.
    public var elementCount: Int { shape.reduce(1, *) }
}

/// Parses and validates the JSON header of a safetensors file.
///
/// Pure: works on the header bytes and the size of the data region, so every check can be
/// exercised without a file. Never traps: every malformed input becomes an `InferenceError`.
enum SafeTensorsHeader {
    /// Decodes `header` (UTF-8 JSON) and checks every tensor entry against `dataSize` bytes of data.
    /// - Returns: the tensors by name; `__metadata__` is skipped.
    static func parse(_ header: Data, fileName: String, dataSize: Int) throws -> [String: SafeTensorInfo] {
        let rawEntries: [String: Result<RawEntry, DecodingError>]
        do {
            rawEntries = try JSONDecoder().decode(RawHeader.self, from: header).entries
        } catch let error as DecodingError {
            throw InferenceError.invalidHeader(file: fileName, reason: headerReason(error))
        } catch {
            throw InferenceError.invalidHeader(file: fileName, reason: "\(error)")
        }

        var tensors: [String: SafeTensorInfo] = [:]
        // Sorted so that, with several bad entries, the same one is reported every time.
        for name in rawEntries.keys.sorted() {
            guard let result = rawEntries[name] else { continue }
            switch result {
            case let .failure(error):
                throw InferenceError.invalidTensorEntry(file: fileName, tensor: name, reason: entryReason(error))
            case let .success(raw):
                tensors[name] = try validate(raw, name: name, fileName: fileName, dataSize: dataSize)
            }
        }
        return tensors
    }

    private static func validate(_ raw: RawEntry, name: String, fileName: String, dataSize: Int) throws -> SafeTensorInfo {
        guard let dtype = SafeTensorsDType(rawValue: raw.dtype) else {
            throw InferenceError.unknownDType(file: fileName, tensor: name, dtype: raw.dtype)
        }
        guard let shape = wholeNumbers(raw.shape) else {
            throw InferenceError.invalidTensorEntry(
                file: fileName, tensor: name, reason: "shape \(listed(raw.shape)) is not a list of 64-bit integers")
        }
        if let negative = shape.first(where: { $0 < 0 }) {
            throw InferenceError.invalidTensorEntry(
                file: fileName, tensor: name, reason: "shape \(shape) has negative dimension \(negative)")
        }
        guard raw.dataOffsets.count == 2 else {
            throw InferenceError.invalidTensorEntry(
                file: fileName, tensor: name,
                reason: "data_offsets must hold 2 numbers, found \(raw.dataOffsets.count)")
        }
        guard let offsets = wholeNumbers(raw.dataOffsets) else {
            throw InferenceError.invalidTensorEntry(
                file: fileName, tensor: name, reason: "data_offsets \(listed(raw.dataOffsets)) are not 64-bit integers")
        }
        let begin = offsets[0], end = offsets[1]
        guard begin <= end else {
            throw InferenceError.offsetsReversed(file: fileName, tensor: name, begin: begin, end: end)
        }
        guard begin >= 0, end <= dataSize else {
            throw InferenceError.offsetsOutOfRange(
                file: fileName, tensor: name, begin: begin, end: end, dataSize: dataSize)
        }
        var expectedBytes = dtype.byteSize
        for dimension in shape {
            let (product, overflow) = expectedBytes.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw InferenceError.invalidTensorEntry(
                    file: fileName, tensor: name, reason: "shape \(shape) is too large")
            }
            expectedBytes = product
        }
        guard expectedBytes == end - begin else {
            throw InferenceError.byteCountMismatch(
                file: fileName, tensor: name, shape: shape, dtype: dtype.rawValue, byteCount: end - begin)
        }
        return SafeTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }

    /// `numbers` as Ints when all are whole and fit in Int, else nil.
    private static func wholeNumbers(_ numbers: [Double]) -> [Int]? {
        var result: [Int] = []
        result.reserveCapacity(numbers.count)
        for number in numbers {
            guard let whole = Int(exactly: number) else { return nil }
            result.append(whole)
        }
        return result
    }

    /// `[2, 1.5, 1e+30]`: whole numbers without a decimal point, as they were written.
    private static func listed(_ numbers: [Double]) -> String {
        let items = numbers.map { number in
            if abs(number) < 1e15, let whole = Int(exactly: number) { String(whole) } else { "\(number)" }
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    /// One header entry as written, before validation.
    ///
    /// Numbers are decoded as Double: Foundation's JSONDecoder reports an Int that does not
    /// fit (1e30, 1.5) as "not valid JSON" for the whole header, without saying where.
    private struct RawEntry: Decodable {
        let dtype: String
        let shape: [Double]
        let dataOffsets: [Double]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }
    }

    /// The header object; each entry decoded on its own so a bad one can be named.
    private struct RawHeader: Decodable {
        let entries: [String: Result<RawEntry, DecodingError>]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            var entries: [String: Result<RawEntry, DecodingError>] = [:]
            for key in container.allKeys where key.stringValue != "__metadata__" {
                do {
                    entries[key.stringValue] = .success(try container.decode(RawEntry.self, forKey: key))
                } catch let error as DecodingError {
                    entries[key.stringValue] = .failure(error)
                }
            }
            self.entries = entries
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
        init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
    }

    /// Why the header as a whole was rejected.
    private static func headerReason(_ error: DecodingError) -> String {
        switch error {
        case let .dataCorrupted(context) where context.codingPath.isEmpty:
            "not valid JSON"
        case let .typeMismatch(_, context) where context.codingPath.isEmpty:
            "not a JSON object"
        default:
            entryReason(error)
        }
    }

    /// Why one entry was rejected, with the field path inside the entry.
    private static func entryReason(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            // The first path element is the tensor name itself, already in the message.
            let inner = path.dropFirst().map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return inner.isEmpty ? "entry" : "field \"\(inner.joined())\""
        }
        switch error {
        case let .keyNotFound(key, _):
            return "missing field \"\(key.stringValue)\""
        case let .typeMismatch(type, context):
            return "\(field(context.codingPath)) is not of the expected type (\(type))"
        case let .valueNotFound(_, context):
            return "\(field(context.codingPath)) is null"
        case let .dataCorrupted(context):
            return "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
