import Foundation
import Testing
import TestSupport
import TextInput

/// `InputSource.file` reads what can be read as a stream and gives every other case its true reason.
struct InputSourceFileKindsTests {
    @Test func aFIFOIsReadAsAStream() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("pipe").path
        #expect(mkfifo(path, 0o600) == 0)
        // The writer blocks in open until the reader opens: no timing involved.
        let writer = Thread {
            let descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else { return }
            let text = Array("one\ntwo\n".utf8)
            _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        writer.start()
        let source = try InputSource.file(path)
        #expect(try PlainLinesReader.records(in: source).map(\.text) == ["one", "two"])
    }

    @Test func aDirectoryAMissingFileAndABadPathEachSaySo() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: TextInputError.notAFile(path: directory.url.path)) { _ = try InputSource.file(directory.url.path) }
        let missing = directory.file("missing.txt").path
        #expect(throws: TextInputError.fileNotFound(path: missing)) { _ = try InputSource.file(missing) }
        let file = try directory.write("plain.txt", "x")
        let under = file.path + "/inner.txt"
        #expect(throws: TextInputError.unreadable(path: under, reason: "a part of the path is not a directory")) {
            _ = try InputSource.file(under)
        }
    }

    @Test func anUnreadableFileSaysPermissionDenied() throws {
        // Root reads any file: nothing to check there.
        guard geteuid() != 0 else { return }
        let directory = try TemporaryDirectory()
        let file = try directory.write("secret.txt", "x")
        #expect(chmod(file.path, 0) == 0)
        #expect(throws: TextInputError.unreadable(path: file.path, reason: "permission denied")) {
            _ = try InputSource.file(file.path)
        }
    }

    @Test func aCharacterDeviceIsReadToItsEnd() throws {
        #expect(try InputSource.file("/dev/null").data.isEmpty)
    }
}
