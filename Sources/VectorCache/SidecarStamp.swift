import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What lets a sidecar (the matrix, the sign codes) be opened without reading every byte:
/// a note, `<sidecar>.verified`, that this file's every byte was checked against its header's
/// checksum — by a full pass, or because this program wrote and synced exactly those bytes —
/// bound to the file's identity (device, inode, size, mtime and ctime in nanoseconds) and to
/// its whole header (corpus key, checksum and a random number drawn at every write).
///
/// Any write to the file moves its mtime and ctime; a file put in its place (cp, rsync,
/// mv, tar x, a rebuild) has another inode; an older state of the corpus has another header.
/// Each of those makes the note not match, and the file is checksummed in full again (and
/// rebuilt from SQLite when that fails). What a note cannot see is damage that bypasses the
/// file system (a failing disk, a write to the raw device): `cache verify` reads every byte.
///
/// Two rules keep a note from vouching for bytes nobody checked:
/// - a full pass records a note only when the file's ctime lies 2 s in the past: a write in
///   the same clock tick as the pass would leave every time alike (as for weights hashes);
/// - a writer sets the file's mtime 2 s into the past before syncing it, so any later write,
///   even in the same tick, moves the mtime away from the noted one.
///
/// Layout: magic `SEMBSTMP`, the five identity fields (little-endian Int64), the header.
enum SidecarStamp {
    static let magic = Array("SEMBSTMP".utf8)

    static func path(of sidecar: String) -> String { sidecar + ".verified" }

    /// Whether the note for `sidecar` names the open file `descriptor` with exactly `header`.
    static func matches(sidecar: String, descriptor: Int32, header: [UInt8]) -> Bool {
        guard let identity = FileIdentity(descriptor: descriptor),
              let noted = FileManager.default.contents(atPath: path(of: sidecar)) else { return false }
        return Array(noted) == contents(identity, header: header)
    }

    /// Notes that `descriptor` (the file now at `sidecar`) passed a full checksum. Best
    /// effort: nothing when the file changed too recently to be told apart from a later write.
    static func recordVerified(sidecar: String, descriptor: Int32, header: [UInt8], settleTime: Duration = .seconds(2)) {
        guard let identity = FileIdentity(descriptor: descriptor), identity.isSettled(for: settleTime) else { return }
        write(contents(identity, header: header), to: path(of: sidecar))
    }

    /// Notes a file this program just wrote from memory, after `prepareWritten` (whose mtime
    /// it returned) and the rename into place (a rename moves the ctime, so the identity is
    /// taken after it). Nothing when the mtime moved since: someone wrote to it meanwhile.
    static func recordWritten(sidecar: String, descriptor: Int32, header: [UInt8], modifiedNanoseconds: Int64?) {
        guard let modifiedNanoseconds, let identity = FileIdentity(descriptor: descriptor),
              identity.modifiedNanoseconds == modifiedNanoseconds else { return }
        write(contents(identity, header: header), to: path(of: sidecar))
    }

    /// Sets a freshly written file's mtime 2 s into the past (see the type's comment), before
    /// it is synced; returns that mtime in nanoseconds, or nil when it could not be set.
    static func prepareWritten(descriptor: Int32) -> Int64? {
        var now = timespec()
        guard clock_gettime(CLOCK_REALTIME, &now) == 0 else { return nil }
        // Access and modification time alike (the access time is never looked at).
        let past = timespec(tv_sec: now.tv_sec - 2, tv_nsec: now.tv_nsec)
        var times = [past, past]
        guard futimens(descriptor, &times) == 0 else { return nil }
        return Int64(now.tv_sec - 2) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    static func remove(sidecar: String) {
        unlink(path(of: sidecar))
    }

    private static func contents(_ identity: FileIdentity, header: [UInt8]) -> [UInt8] {
        var bytes = magic
        for value in [identity.device, identity.inode, identity.size, identity.modifiedNanoseconds, identity.changedNanoseconds] {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        return bytes + header
    }

    /// Written to a temporary file and renamed, so a reader sees a whole note or none.
    private static func write(_ bytes: [UInt8], to path: String) {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, path) != 0 { unlink(temporary) }
        } catch {
            unlink(temporary)
        }
    }
}
