import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM turned into a flag the training loop checks between steps, so that
/// an interrupted run saves a checkpoint and exits instead of dying mid-step.
///
/// `@unchecked Sendable`: `sources` is written only by `install`, on the thread that owns the request.
public final class StopRequest: @unchecked Sendable {
    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
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
            source.setEventHandler { flag.value.store(true, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    public var isRequested: Bool { flag.value.load(ordering: .relaxed) }

    public func request() { flag.value.store(true, ordering: .relaxed) }
}
