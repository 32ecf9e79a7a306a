import Foundation
import Testing
import TestSupport
import TextOutput

/// `OutputFile` replaces regular files atomically and never replaces anything else.
struct OutputFileTests {
    private func write(_ text: String, to path: String) throws {
        let output = try OutputFile(path: path)
        try output.write(Data(text.utf8))
        try output.commit()
    }

    private func fileType(_ path: String) -> mode_t {
        var status = stat()
        lstat(path, &status)
        return status.st_mode & S_IFMT
    }

    private func contents(_ path: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aRegularFileIsReplacedAndKeepsItsPermissions() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("out.txt", "old").path
        #expect(chmod(path, 0o640) == 0)
        try write("new", to: path)
        #expect(contents(path) == "new")
        var status = stat()
        stat(path, &status)
        #expect(status.st_mode & 0o7777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["out.txt"])
    }

    @Test func nothingChangesUntilCommitAndADiscardLeavesTheOldFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("out.txt", "old").path
        let output = try OutputFile(path: path)
        try output.write(Data("half".utf8))
        #expect(contents(path) == "old")
        output.discard()
        #expect(contents(path) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["out.txt"])
    }

    @Test func aSymlinkIsWrittenThroughToItsTargetInAnotherDirectory() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.file("real"), withIntermediateDirectories: true)
        let target = try directory.write("real/target.txt", "old").path
        let link = directory.file("link").path
        #expect(symlink("real/target.txt", link) == 0)
        try write("new", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(contents(target) == "new")
        // The temporary file was made (and renamed) in the target's directory: none is left anywhere.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("real").path) == ["target.txt"])
    }

    @Test func aDanglingSymlinkCreatesItsTarget() throws {
        let directory = try TemporaryDirectory()
        let link = directory.file("link").path
        #expect(symlink("created.txt", link) == 0)
        try write("new", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(contents(directory.file("created.txt").path) == "new")
    }

    /// As root, on a private copy of /dev/null (same device numbers), so that a broken
    /// OutputFile cannot replace the system's own; otherwise on /dev/null, which only root could replace.
    @Test func aCharacterDeviceIsWrittenNotReplaced() throws {
        let directory = try TemporaryDirectory()
        var device = "/dev/null"
        if geteuid() == 0 {
            device = directory.file("null").path
            try #require(mknod(device, S_IFCHR | 0o666, 1 << 8 | 3) == 0)  // makedev(1, 3)
        }
        let output = try OutputFile(path: device)
        #expect(output.isStream)
        try output.write(Data("x".utf8))
        try output.commit()
        #expect(fileType(device) == S_IFCHR)
    }

    @Test func aFIFOIsStreamedInto() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("pipe").path
        #expect(mkfifo(path, 0o600) == 0)
        let reader = FIFOReader(path: path)
        try write("through the pipe", to: path)
        let received = try #require(reader.received(), "nothing was written into the FIFO")
        #expect(String(decoding: received, as: UTF8.self) == "through the pipe")
        #expect(fileType(path) == S_IFIFO)
    }

    @Test func aDirectoryOrAMissingDirectoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: OutputFileError(path: directory.url.path, reason: "is a directory")) {
            _ = try OutputFile(path: directory.url.path)
        }
        let nowhere = directory.file("no/such/out.txt").path
        #expect(throws: OutputFileError.self) { _ = try OutputFile(path: nowhere) }
    }

    // Descriptor links (`/dev/stdout`, `/dev/fd/N`, `>(…)`) name an open file: before, their
    // `pipe:[…]` target was followed as a path and the output failed, and a file the shell
    // opened was renamed over.

    @Test func aDescriptorLinkToAPipeIsWrittenThroughTheDescriptor() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        for path in ["/proc/self/fd/\(ends[1])", "/dev/fd/\(ends[1])"] {
            let output = try OutputFile(path: path)
            #expect(output.isStream)
            try output.write(Data("x".utf8))
            try output.commit()
        }
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(read(ends[0], &buffer, 8) == 2)
        #expect(buffer[0..<2] == [UInt8(ascii: "x"), UInt8(ascii: "x")])
    }

    @Test func aDescriptorLinkToAFileOpenedForAppendingAppendsAndIsNotReplaced() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("log.txt", "old\n").path
        var before = stat()
        stat(path, &before)
        let descriptor = open(path, O_WRONLY | O_APPEND)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        // Through a link of the user's own, too: the chain ends at the descriptor link.
        let link = directory.file("link").path
        #expect(symlink("/dev/fd/\(descriptor)", link) == 0)
        try write("new\n", to: link)
        #expect(contents(path) == "old\nnew\n")
        var after = stat()
        stat(path, &after)
        #expect(after.st_ino == before.st_ino)
        #expect(fileType(link) == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["link", "log.txt"])
    }

    @Test func aDescriptorOpenOnlyForReadingIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("in.txt", "keep").path
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(throws: OutputFileError.self) { try OutputFile(path: "/dev/fd/\(descriptor)") }
        #expect(contents(path) == "keep")
    }

    @Test func aDescriptorLinkToAClosedDescriptorSaysSo() throws {
        // Far above what parallel tests open (the lowest free number is always taken first).
        let descriptor: Int32 = 987
        try #require(fcntl(descriptor, F_GETFD) == -1)
        #expect(throws: OutputFileError(path: "/dev/fd/\(descriptor)", reason: "descriptor \(descriptor) is not open")) {
            try OutputFile(path: "/dev/fd/\(descriptor)")
        }
    }
}
