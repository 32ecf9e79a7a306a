import CFileWriteback
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes one sidecar file (the matrix, the sign codes) the one safe way: into a temporary
/// file beside it, the payload streamed through a small buffer with its checksum summed on
/// the way, the header written last at offset 0 (it holds that checksum), the mtime set back
/// and the file synced (`SidecarStamp`), then renamed into place — so a reader sees the old
/// file or the whole new one — and stamped as verified, since its bytes are what was summed.
final class SidecarWriter {
    let path: String
    /// Bytes reserved for the header before the payload.
    let headerBytes: Int
    private let temporary: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var checksum = StreamingChecksum()
    /// Whether the temporary file is still ours to finish or remove.
    private var isOpen = true
    private static let bufferBytes = 1 << 20
    /// Bytes written since writeback was last started, and where that range begins.
    private var unflushed = 0
    private var unflushedStart: Int
    /// Writeback is started every this many bytes, so `finish`'s fsync of a 1.5 GB matrix
    /// does not find it all still in memory (it waited 3–5 s for the disk).
    private static let writebackBytes = 32 << 20

    struct Failure: Error { let reason: String }

    /// `temporaryPath`: where the file is written before the rename (default `<path>.tmp-<pid>`);
    /// an existing file there is truncated, so a run that reuses one fixed name leaves at
    /// most one such file behind when it is killed.
    init(path: String, headerBytes: Int, temporaryPath: String? = nil) throws {
        self.path = path
        self.headerBytes = headerBytes
        unflushedStart = headerBytes
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        temporary = temporaryPath ?? path + ".tmp-\(getpid())"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        // The header's place, filled in by `finish`.
        guard lseek(descriptor, off_t(headerBytes), SEEK_SET) == off_t(headerBytes) else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            unlink(temporary)
            throw Failure(reason: reason)
        }
        buffer.reserveCapacity(Self.bufferBytes)
    }

    /// The checksum of everything appended so far.
    var payloadChecksum: SidecarChecksum { checksum.value }

    /// Appends payload bytes.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        checksum.add(bytes)
        if buffer.count + bytes.count > Self.bufferBytes { try drain() }
        if bytes.count >= Self.bufferBytes {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Writes `header` (at most `headerBytes`, zero-padded) at the start, syncs, renames into
    /// place and stamps; `stampedHeader` is the part of the header a stamp binds.
    func finish(header: [UInt8], stampedHeader: Int) throws {
        try drain()
        var padded = header
        padded += [UInt8](repeating: 0, count: max(0, headerBytes - header.count))
        let wrote = padded.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard wrote == padded.count else { throw Failure(reason: wrote < 0 ? String(cString: strerror(errno)) : "short write") }
        // The old stamp goes first: it can never match the new file, but it should not linger.
        SidecarStamp.remove(sidecar: path)
        let modified = SidecarStamp.prepareWritten(descriptor: descriptor)
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        isOpen = false
        SidecarStamp.recordWritten(sidecar: path, descriptor: descriptor, header: Array(padded.prefix(stampedHeader)),
                                   modifiedNanoseconds: modified)
        close(descriptor)
    }

    /// Gives up: the temporary file goes. Nothing after `finish`.
    func abandon() {
        guard isOpen else { return }
        isOpen = false
        close(descriptor)
        unlink(temporary)
    }

    deinit { abandon() }

    private func drain() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let wrote = write(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done)
            if wrote < 0, errno == EINTR { continue }
            guard wrote > 0 else { throw Failure(reason: String(cString: strerror(errno))) }
            done += wrote
        }
        unflushed += bytes.count
        if unflushed >= Self.writebackBytes {
            // Only a request: a failure leaves it all to finish's fsync.
            _ = semblance_start_writeback(descriptor, Int64(unflushedStart), Int64(unflushed))
            unflushedStart += unflushed
            unflushed = 0
        }
    }
}
