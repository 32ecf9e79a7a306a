import CTerminalSignals
import Glibc

/// A self-pipe that turns signals and background wake-ups into bytes the UI loop can poll:
/// byte 0 is a wake-up (a worker result is ready), any other byte is a signal number. The C
/// handlers (CTerminalSignals) also restore the terminal on crash signals.
final class SignalPipe {
    let readDescriptor: Int32
    let writeDescriptor: Int32
    private var installed = false

    init(terminalDescriptor: Int32) throws(CursesBackendError) {
        var descriptors: [Int32] = [-1, -1]
        guard terminal_signals_make_pipe(&descriptors) == 0 else {
            throw .systemCall(name: "pipe", errno: errno)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        terminal_signals_save_terminal(terminalDescriptor)
        guard terminal_signals_install(writeDescriptor) == 0 else {
            let code = errno
            terminal_signals_remove()
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
        terminal_signals_remove()
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Stops the process (job control: Ctrl-Z, SIGTSTP) until it is continued. The caller
    /// restores the terminal first and redraws after.
    func suspendProcess() throws(CursesBackendError) {
        guard terminal_signals_suspend_self() == 0 else { throw .systemCall(name: "sigaction(SIGTSTP)", errno: errno) }
    }

    deinit { remove() }
}
