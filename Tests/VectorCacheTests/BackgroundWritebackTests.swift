import Foundation
import Testing
@testable import VectorCache

/// The writeback thread opens the files it is given (one made after it started included),
/// keeps asking for their writeback, and on `stop` (or when dropped) ends with every
/// descriptor it opened closed.
@Suite struct BackgroundWritebackTests {
    /// How many of this process's open descriptors name `path`.
    static func descriptors(naming path: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == path }.count
    }

    @Test func picksUpAFileMadeLaterAndClosesEverythingWhenStopped() throws {
        let cache = try TemporaryCache()
        let directory = cache.directory.resolvingSymlinksInPath()
        let present = directory.appendingPathComponent("present").path
        let later = directory.appendingPathComponent("later").path
        let never = directory.appendingPathComponent("never").path
        #expect(FileManager.default.createFile(atPath: present, contents: Data(repeating: 1, count: 1 << 20)))
        let writeback = BackgroundWriteback(paths: [present, later, never], interval: 0.01)
        #expect(FileManager.default.createFile(atPath: later, contents: Data(repeating: 2, count: 1 << 20)))
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, Self.descriptors(naming: present) + Self.descriptors(naming: later) < 2 {
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(Self.descriptors(naming: present) == 1 && Self.descriptors(naming: later) == 1)
        writeback.stop()
        #expect(Self.descriptors(naming: present) == 0 && Self.descriptors(naming: later) == 0)
        #expect(Self.descriptors(naming: never) == 0)
        writeback.stop()  // a second stop returns at once
    }

    /// Dropped without `stop`, it still ends its thread and closes what it opened (the thread
    /// holds only its state, never the object).
    @Test func droppingItStopsIt() throws {
        let cache = try TemporaryCache()
        let file = cache.directory.resolvingSymlinksInPath().appendingPathComponent("log").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data(repeating: 3, count: 1 << 16)))
        var writeback: BackgroundWriteback? = BackgroundWriteback(paths: [file], interval: 0.01)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, Self.descriptors(naming: file) < 1 { Thread.sleep(forTimeInterval: 0.005) }
        #expect(Self.descriptors(naming: file) == 1 && writeback != nil)
        writeback = nil
        #expect(Self.descriptors(naming: file) == 0)
    }
}
