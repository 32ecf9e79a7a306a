import Glibc

/// A sidecar opened for reading: the one place both sidecar formats open their file, check it
/// is a regular file and read their header, so the matrix and the sign codes cannot drift apart
/// in how they refuse a file.
struct SidecarFile {
    let descriptor: Int32
    let size: Int
    let header: [UInt8]

    /// `path` opened read-only when it is a regular file whose `headerBytes`-byte header starts
    /// with `magic`; nil otherwise (the caller rebuilds from SQLite). The caller closes
    /// `descriptor`.
    static func open(_ path: String, magic: [UInt8], headerBytes: Int) -> SidecarFile? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        var header = [UInt8](repeating: 0, count: headerBytes)
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              header.withUnsafeMutableBytes({ readAll($0, from: descriptor, at: 0) }),
              header.starts(with: magic) else {
            close(descriptor)
            return nil
        }
        return SidecarFile(descriptor: descriptor, size: Int(status.st_size), header: header)
    }

    /// The header's little-endian UInt64 field `index` (fields follow the 8-byte magic).
    func field(_ index: Int) -> UInt64 {
        header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 + index * 8, as: UInt64.self)) }
    }

    /// Fills `buffer` from `offset`; false on a short read or an error.
    static func readAll(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset + done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }
}
