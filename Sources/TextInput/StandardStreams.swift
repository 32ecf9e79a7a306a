import Foundation

/// Standard streams closed by the caller (`<&-`, `>&-`).
///
/// A closed descriptor 0, 1 or 2 is reused by the next file the process opens: results
/// printed to a closed stdout would then land in that file (a model file, the vector cache),
/// and "reading stdin" would read it. `reserveClosedDescriptors` puts /dev/null on every
/// closed one before anything else is opened, and remembers that stdin was closed so reading
/// it fails with that reason.
public enum StandardStreams {
    nonisolated(unsafe) private static var stdinClosed = false

    /// Whether standard input was closed when `reserveClosedDescriptors` ran.
    public static var inputWasClosed: Bool { stdinClosed }

    /// Call first thing in `main`, before any file is opened (not thread-safe: one call, at launch).
    public static func reserveClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            if descriptor == STDIN_FILENO { stdinClosed = true }
            // open returns the lowest free descriptor: the closed one.
            let reserved = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if reserved >= 0 && reserved != descriptor {
                dup2(reserved, descriptor)
                close(reserved)
            }
        }
    }
}
