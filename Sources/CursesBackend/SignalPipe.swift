import CNcursesw
import Glibc

/// A self-pipe that turns signals and background wake-ups into bytes the UI loop can poll:
/// byte 0 is a wake-up (a worker result is ready), any other byte is a signal number. The C
/// handlers (shim.h) also restore the terminal on crash signals.
final class SignalPipe {
    let readDescriptor: Int32
    let writeDescriptor: Int32
    private var installed = false

    init(terminalDescriptor: Int32) throws(CursesBackendError) {
        var descriptors: [Int32] = [-1, -1]
        guard semblance_make_signal_pipe(&descriptors) == 0 else {
            throw .systemCall(name: "pipe", errno: errno)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        semblance_save_terminal(terminalDescriptor)
        guard semblance_install_signal_handlers(writeDescriptor) == 0 else {
            let code = errno
            semblance_remove_signal_handlers()
            close(readDescriptor)
            close(writeDescriptor)
            throw .systemCall(name: "sigaction", errno: code)
        }
        installed = true
    }

    /// A Sendable way for background threads to wake the loop.
    var waker: @Sendable () -> Void {
        let descriptor = writeDescriptor
        return {
            var byte: UInt8 = 0
            _ = write(descriptor, &byte, 1)  // a full pipe already holds a wake-up
        }
    }

    /// Empties the pipe; returns the signals that arrived (wake-up bytes are dropped).
    func drain() -> [Int32] {
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            for byte in buffer[0..<count] where byte != 0 { signals.append(Int32(byte)) }
        }
        return signals
    }

    /// Puts the default handlers back and closes the pipe (idempotent).
    func remove() {
        guard installed else { return }
        installed = false
        semblance_remove_signal_handlers()
        close(readDescriptor)
        close(writeDescriptor)
    }

    deinit { remove() }
}
