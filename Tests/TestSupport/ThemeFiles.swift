import Foundation

/// Theme files for the tests of unusable themes, written into one directory: the library's
/// tests and the CLI's build the same kinds of broken file the same way.
public struct ThemeFiles {
    /// Every slot a theme must set, without a name: after `name = …`, a usable theme (whose
    /// colour pairs all have 3:1 contrast, so `themes check` prints no note for it).
    public static let completeSlots = """
        background = #000000
        text = #ffffff
        accent = bright-cyan bold
        border = color245
        selection = #5f5f87
        heat-low = #707070
        heat-mid = cyan
        heat-high = #ff8800
        negative = default underline
        """

    public let directory: URL

    public init(in directory: URL) {
        self.directory = directory
    }

    public func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    /// `file` holding `text` as UTF-8.
    @discardableResult
    public func text(_ file: String, _ text: String) throws -> URL {
        try write(file, Array(text.utf8))
    }

    /// A usable theme named `name`.
    @discardableResult
    public func usable(_ file: String, name: String) throws -> URL {
        try text(file, "name = \(name)\n" + Self.completeSlots)
    }

    /// A directory where a theme file is expected.
    @discardableResult
    public func folder(_ file: String) throws -> URL {
        try FileManager.default.createDirectory(at: url(file), withIntermediateDirectories: false)
        return url(file)
    }

    /// `lines` (UTF-8), then the comment `# café` in Latin-1: not UTF-8 on the line after them.
    @discardableResult
    public func latin1(_ file: String, after lines: String) throws -> URL {
        try write(file, Array(lines.utf8) + Array("# caf".utf8) + [0xE9, 0x0A])
    }

    /// A FIFO (a plain read would block on it forever).
    @discardableResult
    public func fifo(_ file: String) throws -> URL {
        guard mkfifo(url(file).path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return url(file)
    }

    /// A symbolic link to a file that does not exist.
    @discardableResult
    public func danglingLink(_ file: String) throws -> URL {
        try FileManager.default.createSymbolicLink(atPath: url(file).path, withDestinationPath: url("nowhere").path)
        return url(file)
    }

    private func write(_ file: String, _ bytes: [UInt8]) throws -> URL {
        try Data(bytes).write(to: url(file))
        return url(file)
    }
}
