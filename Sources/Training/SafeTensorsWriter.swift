import Foundation

/// Writes a safetensors file: an 8-byte little-endian header length, the JSON header
/// (padded with spaces to a multiple of 8), then each tensor's bytes in header order.
public struct SafeTensorsWriter {
    public struct Entry {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        public let bytes: Data

        public init(name: String, dtype: String, shape: [Int], bytes: Data) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.bytes = bytes
        }

        /// Float32 values, little-endian (the machines this runs on are).
        public init(name: String, shape: [Int], floats: UnsafeBufferPointer<Float>) {
            self.init(name: name, dtype: "F32", shape: shape, bytes: Data(buffer: floats))
        }
    }

    /// The whole file as bytes.
    public static func encode(_ entries: [Entry], metadata: [String: String] = ["format": "pt"]) -> Data {
        var offset = 0
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0] ?? ""))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for entry in entries {
            let end = offset + entry.bytes.count
            fields.append("\(quoted(entry.name)):{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(entry.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Data("{\(fields.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var file = Data()
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(header)
        for entry in entries { file.append(entry.bytes) }
        return file
    }

    /// Tensor names are plain ASCII in practice; quotes and backslashes are escaped anyway.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The raw bytes of every tensor of a safetensors file, by name, with dtype and shape
    /// (to carry the tensors training does not touch, the pooler and position ids, through unchanged).
    public static func rawEntries(of url: URL) throws -> [Entry] {
        let data = try Data(contentsOf: url, options: .mappedIfSafe)
        guard data.count >= 8 else { throw TrainingError.badCheckpoint(path: url.path, reason: "not a safetensors file") }
        let length = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.1) << (8 * UInt64($1.0))) }
        guard length <= UInt64(data.count - 8),
              let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8 ..< 8 + Int(length))) as? [String: Any]
        else { throw TrainingError.badCheckpoint(path: url.path, reason: "unreadable safetensors header") }
        let start = 8 + Int(length)
        var entries: [Entry] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], start + offsets[1] <= data.count
            else { throw TrainingError.badCheckpoint(path: url.path, reason: "tensor \(name) has a bad header entry") }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: data.subdata(in: (start + offsets[0]) ..< (start + offsets[1]))))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
