import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A safetensors file, memory-mapped read-only, with its validated tensor table.
///
/// Layout: 8-byte little-endian header length N, N bytes of JSON header, then the data
/// region that every tensor's `data_offsets` index into. All of it is checked in `init`:
/// afterwards every tensor's bytes are known to lie inside the map.
///
/// `@unchecked Sendable`: the mapping is `PROT_READ` and never changes or moves after
/// `init`, the tensor table is immutable, and `munmap` only happens in `deinit`, when no
/// other reference (including the `FloatTensor`s that view the map) is left.
public final class SafeTensorsFile: @unchecked Sendable {
    /// Where the file was read from.
    public let url: URL
    /// Every tensor in the file by name (`__metadata__` excluded).
    public let tensors: [String: SafeTensorInfo]

    private let mapping: UnsafeMutableRawPointer
    private let mappedSize: Int
    /// Offset of the data region from the start of the file.
    private let dataStart: Int

    /// The file name used in error messages.
    public let fileName: String

    /// Maps the file at `url` and validates its header and every tensor entry.
    /// - Parameter fileName: how errors name the file; its last path component by default
    ///   (a module's weights pass their path, as every sentence-transformers module has a `model.safetensors`).
    public init(url: URL, fileName: String? = nil) throws {
        let fileName = fileName ?? url.lastPathComponent
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InferenceError.unreadableFile(file: fileName, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw InferenceError.unreadableFile(file: fileName, reason: String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw InferenceError.unreadableFile(file: fileName, reason: "not a regular file")
        }
        let fileSize = Int(status.st_size)
        guard fileSize >= 8 else {
            throw InferenceError.truncatedFile(file: fileName, size: fileSize)
        }
        guard let mapping = mmap(nil, fileSize, PROT_READ, MAP_PRIVATE, descriptor, 0),
              mapping != MAP_FAILED
        else {
            throw InferenceError.unreadableFile(file: fileName, reason: "mmap: " + String(cString: strerror(errno)))
        }

        let headerLength = UInt64(littleEndian: mapping.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(fileSize - 8) else {
            munmap(mapping, fileSize)
            throw InferenceError.headerTooLong(file: fileName, headerLength: headerLength, fileSize: fileSize)
        }
        let dataStart = 8 + Int(headerLength)
        let header = Data(bytes: mapping + 8, count: Int(headerLength))
        do {
            self.tensors = try SafeTensorsHeader.parse(header, fileName: fileName, dataSize: fileSize - dataStart)
        } catch {
            munmap(mapping, fileSize)
            throw error
        }
        self.url = url
        self.fileName = fileName
        self.mapping = mapping
        self.mappedSize = fileSize
        self.dataStart = dataStart
    }

    deinit { munmap(mapping, mappedSize) }

    /// Loads tensor `name` as floats: F32 viewed in place when 4-byte aligned (copied
    /// otherwise), F16 and BF16 converted exactly into a new buffer.
    /// - Throws: `missingTensor`, or `unsupportedDType` for any other dtype.
    public func floatTensor(named name: String) throws -> FloatTensor {
        guard let info = tensors[name] else {
            throw InferenceError.missingTensor(file: fileName, tensor: name)
        }
        let count = info.elementCount
        let bytes = UnsafeRawPointer(mapping) + dataStart + info.dataOffsets.lowerBound
        switch info.dtype {
        case .f32:
            if Int(bitPattern: bytes) % MemoryLayout<Float>.alignment == 0 {
                let values = bytes.assumingMemoryBound(to: Float.self)
                return FloatTensor(name: name, shape: info.shape, count: count, mappedValues: values, file: self)
            }
            return FloatTensor(name: name, shape: info.shape, count: count) { destination in
                for index in 0..<count {
                    let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                    destination[index] = Float(bitPattern: bits)
                }
            }
        case .f16:
            return FloatTensor(name: name, shape: info.shape, count: count) { destination in
                HalfPrecision.convertF16(bytes, count: count, into: destination)
            }
        case .bf16:
            return FloatTensor(name: name, shape: info.shape, count: count) { destination in
                HalfPrecision.convertBF16(bytes, count: count, into: destination)
            }
        default:
            throw InferenceError.unsupportedDType(file: fileName, tensor: name, dtype: info.dtype.rawValue)
        }
    }
}
