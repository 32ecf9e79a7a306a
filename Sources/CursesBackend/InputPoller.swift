import Glibc

/// Waits for terminal input or a self-pipe byte, and reads raw input bytes. Reading the file
/// descriptor directly (not curses' getch) keeps key decoding in the pure `KeyDecoder`.
struct InputPoller {
    struct Readiness {
        var input = false
        var pipe = false
    }

    let inputDescriptor: Int32
    let pipeDescriptor: Int32

    /// Blocks until something is ready or `milliseconds` pass (-1: no limit). An interrupted
    /// wait (a signal) reports the pipe as ready so the caller drains it.
    func wait(milliseconds: Int32) throws(CursesBackendError) -> Readiness {
        var descriptors = [
            pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: pipeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let result = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        if result < 0 {
            if errno == EINTR { return Readiness(input: false, pipe: true) }
            throw .systemCall(name: "poll", errno: errno)
        }
        let inputEvents = Int32(descriptors[0].revents)
        return Readiness(input: inputEvents & (Int32(POLLIN) | Int32(POLLHUP) | Int32(POLLERR)) != 0,
                         pipe: Int32(descriptors[1].revents) & Int32(POLLIN) != 0)
    }

    /// Reads what input is available; `nil` when the terminal is gone (end of file or error).
    func read() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(inputDescriptor, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count < 0, errno == EINTR || errno == EAGAIN { return [] }
            return nil
        }
    }
}
