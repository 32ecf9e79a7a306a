import Foundation

/// Reads a FIFO to its end on a thread of its own. Opening a FIFO for reading waits for a
/// writer to open it, so the reader must already be running when the code under test writes:
/// no timing involved.
public final class FIFOReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    /// Starts reading the FIFO at `path` (made by the test).
    public init(path: String) {
        Thread { [self] in
            if let handle = FileHandle(forReadingAtPath: path) { data = handle.readDataToEndOfFile() }
            done.signal()
        }.start()
    }

    /// All that was written, once the writer closed the FIFO; nil if that did not happen
    /// within `seconds`. Bounded: a writer that never opened the FIFO would leave the reader
    /// (and a bare wait) blocked forever.
    public func received(within seconds: Int = 60) -> Data? {
        done.wait(timeout: .now() + .seconds(seconds)) == .success ? data : nil
    }
}
