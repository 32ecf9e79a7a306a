import Foundation

/// Standard streams closed by the caller (`<&-`, `>&-`).
///
/// A closed descriptor 0, 1 or 2 is reused by the next file the process opens: results
/// printed to a closed stdout would then land in that file (a model file, the vector cache),
/// and "reading stdin" would read it. `reserveClosedDescriptors` puts /dev/null on every
/// closed one before anything else is opened, and remembers that stdin or stdout was closed
/// so that reading the one or writing results to the other fails with that reason.
/// A closed stdout gets /dev/null opened *read-only*: every write to it still fails (EBADF),
/// as on the closed descriptor, so no result is thrown away in silence. A closed stderr gets
/// a writable /dev/null: diagnostics nobody asked to see are dropped and the run goes on.
public enum StandardStreams {
    nonisolated(unsafe) private static var stdinClosed = false
    nonisolated(unsafe) private static var stdoutClosed = false

    /// Whether standard input was closed when `reserveClosedDescriptors` ran.
    public static var inputWasClosed: Bool { stdinClosed }

    /// Whether standard output was closed when `reserveClosedDescriptors` ran.
    public static var outputWasClosed: Bool { stdoutClosed }

    /// The message for results that cannot go to a closed standard output.
    public static let outputClosedMessage = "standard output is closed: nowhere to write the results (use --output FILE or redirect stdout)"

    /// Call first thing in `main`, before any file is opened (not thread-safe: one call, at launch).
    public static func reserveClosedDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            if descriptor == STDIN_FILENO { stdinClosed = true }
            if descriptor == STDOUT_FILENO { stdoutClosed = true }
            // open returns the lowest free descriptor: the closed one.
            let reserved = open("/dev/null", descriptor == STDERR_FILENO ? O_WRONLY : O_RDONLY)
            if reserved >= 0 && reserved != descriptor {
                dup2(reserved, descriptor)
                close(reserved)
            }
        }
    }
}
