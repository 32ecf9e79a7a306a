import Foundation

/// Rewrites a safetensors file's header to make broken variants of a good file.
enum SafeTensorsEditing {
    /// Applies `edit` to the parsed header JSON and writes the file back with the same data.
    static func editHeader(_ file: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let bytes = try Data(contentsOf: file)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any] ?? [:]
        edit(&header)
        var json = try JSONSerialization.data(withJSONObject: header)
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data((0..<8).map { UInt8((json.count >> (8 * $0)) & 0xFF) })
        out.append(json)
        out.append(bytes.subdata(in: (8 + length)..<bytes.count))
        try out.write(to: file)
    }

    /// Overwrites the 8-byte header length.
    static func setHeaderLength(_ file: URL, to length: UInt64) throws {
        var bytes = try Data(contentsOf: file)
        for i in 0..<8 { bytes[i] = UInt8((length >> (8 * UInt64(i))) & 0xFF) }
        try bytes.write(to: file)
    }

    static func truncate(_ file: URL, to count: Int) throws {
        try Data(contentsOf: file).prefix(count).write(to: file)
    }

    /// Changes one field of one tensor's entry.
    static func setTensorField(_ file: URL, tensor: String, field: String, to value: Any) throws {
        try editHeader(file) { header in
            guard var entry = header[tensor] as? [String: Any] else { return }
            entry[field] = value
            header[tensor] = entry
        }
    }
}

extension SafeTensorsEditing {
    /// Overwrites element `index` of the F32 tensor `tensor` with `value`, in place.
    static func setFloat(_ file: URL, tensor: String, index: Int, to value: Float) throws {
        var bytes = try Data(contentsOf: file)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any]
        let entry = header?[tensor] as? [String: Any]
        guard entry?["dtype"] as? String == "F32", let begin = (entry?["data_offsets"] as? [Int])?.first else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let position = 8 + length + begin + 4 * index
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.replaceSubrange(position..<(position + 4), with: $0) }
        try bytes.write(to: file)
    }
}
