import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM turned into a flag the training loop checks between steps, so that
/// an interrupted run saves a checkpoint and exits instead of dying mid-step.
///
/// `@unchecked Sendable`: `sources` is written only by `install`, on the thread that owns the request.
public final class StopRequest: @unchecked Sendable {
    private final class Flag: Sendable {
        /// The signal that asked (-1: asked in code), 0 while nobody has.
        let value = Atomic<Int32>(0)
    }

    private let flag = Flag()
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    /// Takes SIGINT and SIGTERM over (their default action is ignored while this runs).
    public func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            let flag = self.flag
            source.setEventHandler { _ = flag.value.compareExchange(expected: 0, desired: signalNumber, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    public var isRequested: Bool { flag.value.load(ordering: .relaxed) != 0 }

    /// The signal that asked first (SIGINT or SIGTERM), nil when none did.
    public var requestingSignal: Int32? {
        let value = flag.value.load(ordering: .relaxed)
        return value > 0 ? value : nil
    }

    /// The exit status of a process stopped by this request: 128 + the signal, as a shell
    /// reports a process that signal ended (130 for SIGINT, 143 for SIGTERM); 1 when asked in code.
    public var exitStatus: Int32 { requestingSignal.map { 128 + $0 } ?? 1 }

    public func request() { _ = flag.value.compareExchange(expected: 0, desired: -1, ordering: .relaxed) }
}
