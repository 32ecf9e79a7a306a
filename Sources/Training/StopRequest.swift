import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM turned into a flag the training loop checks between steps, so that
/// an interrupted run saves a checkpoint and exits instead of dying mid-step.
public final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)
    private let sources: Mutex<[DispatchSourceSignal]> = Mutex([])

    public init() {}

    /// Takes SIGINT and SIGTERM over (their default action is ignored while this runs).
    public func install() {
        var installed: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [requested] in requested.store(true, ordering: .relaxed) }
            source.resume()
            installed.append(source)
        }
        sources.withLock { $0 = installed }
    }

    public var isRequested: Bool { requested.load(ordering: .relaxed) }

    public func request() { requested.store(true, ordering: .relaxed) }
}
