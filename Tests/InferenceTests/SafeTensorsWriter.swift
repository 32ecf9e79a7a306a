import Foundation

/// Builds safetensors files byte by byte, so tests control every field, valid or not.
struct SafeTensorsWriter {
    /// One header entry and its data. `offsets` overrides the computed `data_offsets`.
    struct Tensor {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
        var offsets: [Int]? = nil
    }

    var tensors: [Tensor] = []
    /// Written as `__metadata__` (readers must ignore it).
    var metadata: [String: String] = ["format": "pt"]

    mutating func addF32(_ name: String, shape: [Int], values: [Float]) {
        let bytes = values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        tensors.append(Tensor(name: name, dtype: "F32", shape: shape, bytes: bytes))
    }

    /// Adds 16-bit values given as bit patterns (F16 or BF16), stored little-endian.
    mutating func addBits16(_ name: String, dtype: String, shape: [Int], bits: [UInt16]) {
        let bytes = bits.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
        tensors.append(Tensor(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    mutating func addRaw(_ name: String, dtype: String, shape: [Int], bytes: [UInt8], offsets: [Int]? = nil) {
        tensors.append(Tensor(name: name, dtype: dtype, shape: shape, bytes: bytes, offsets: offsets))
    }

    /// The JSON header, entries in insertion order, padded with spaces to a multiple of 8
    /// bytes as the reference writer does (so the data region starts 8-byte aligned).
    func headerText() -> String {
        var parts: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0] ?? ""))" }
            parts.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors {
            let offsets = tensor.offsets ?? [offset, offset + tensor.bytes.count]
            offset += tensor.bytes.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let dataOffsets = offsets.map(String.init).joined(separator: ",")
            parts.append(
                "\(quoted(tensor.name)):{\"dtype\":\(quoted(tensor.dtype)),\"shape\":[\(shape)],\"data_offsets\":[\(dataOffsets)]}")
        }
        var text = "{" + parts.joined(separator: ",") + "}"
        while text.utf8.count % 8 != 0 { text += " " }
        return text
    }

    /// The whole file: length, header (or `header` instead), then every tensor's bytes.
    /// `headerLength` overrides the length field to make inconsistent files.
    func fileBytes(header: String? = nil, headerLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array((header ?? headerText()).utf8)
        let length = headerLength ?? UInt64(headerBytes.count)
        var bytes = withUnsafeBytes(of: length.littleEndian, Array.init)
        bytes += headerBytes
        for tensor in tensors { bytes += tensor.bytes }
        return bytes
    }

    func write(to url: URL, header: String? = nil, headerLength: UInt64? = nil) throws {
        try Data(fileBytes(header: header, headerLength: headerLength)).write(to: url)
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
