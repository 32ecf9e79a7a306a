import Dispatch
import ExplorerUI
import Foundation

/// How long one keystroke took to reach the screen, in seconds.
public struct KeystrokeTiming: Sendable, Equatable {
    /// Key → the frame showing it in the input line.
    public var echo: Double
    /// Key → the frame showing the new text's neighbours, matrix row and token shares.
    public var updated: Double
    /// What the model took for the new text (part of `updated`).
    public var encode: Double
    /// Rendering and painting that last frame (part of `updated`).
    public var paint: Double

    public init(echo: Double, updated: Double, encode: Double, paint: Double) {
        self.echo = echo
        self.updated = updated
        self.encode = encode
        self.paint = paint
    }
}

/// Types into an explorer session one key at a time, as a person would, painting frames as
/// the terminal loop does, and times how long each key takes to reach the screen.
public final class ExplorerKeyDriver<Engine: ExplorerEngine> {
    private let session: ExplorerSession<Engine>
    private let wakeUp: DispatchSemaphore
    private let paint: () -> Void
    private let clock = ContinuousClock()
    /// How long a key may wait for its result before the benchmark gives up.
    private let resultTimeout: DispatchTimeInterval = .seconds(60)

    /// `wakeUp` must be the semaphore the session's `wake` signals; `paint` renders the
    /// session's state and paints it.
    public init(session: ExplorerSession<Engine>, wakeUp: DispatchSemaphore, paint: @escaping () -> Void) {
        self.session = session
        self.wakeUp = wakeUp
        self.paint = paint
    }

    /// Waits until the session has no work left, then paints.
    public func settle(timeout: Duration = .seconds(60)) throws {
        guard session.waitUntilIdle(timeout: timeout) else {
            throw BenchmarkError.explorer(reason: "the explorer was still busy after \(timeout)")
        }
        paint()
    }

    /// Collects the worker's results until `condition` holds of the session's state (it may
    /// hold while other work goes on, e.g. a corpus ready while its statistics load).
    public func wait(until condition: (ExplorerState) -> Bool, timeout: Duration) throws {
        let deadline = clock.now + timeout
        while true {
            session.collectResults()
            if condition(session.state) { return }
            guard clock.now < deadline else {
                throw BenchmarkError.explorer(reason: "the explorer did not get there within \(timeout)")
            }
            _ = wakeUp.wait(timeout: .now() + .milliseconds(1))
        }
    }

    /// Sends raw key bytes and waits until everything they started is on screen.
    public func press(_ bytes: [UInt8]) throws {
        session.receive(bytes: bytes)
        paint()
        try settle()
    }

    /// Types `text`. With an interval, one key at a time, each timed until its result is on
    /// screen, keys starting `interval` apart; without, all at once and untimed.
    @discardableResult
    public func type(_ text: String, interval: Duration?) throws -> [KeystrokeTiming] {
        guard let interval else {
            try press(Array(text.utf8))
            return []
        }
        var samples: [KeystrokeTiming] = []
        for character in text {
            let started = clock.now
            let requestedBefore = session.state.requestedGeneration
            session.receive(bytes: Array(String(character).utf8))
            paint()
            let echoed = clock.now
            let target = session.state.requestedGeneration
            if target > requestedBefore {
                while session.state.appliedGeneration < target {
                    if wakeUp.wait(timeout: .now() + resultTimeout) == .timedOut {
                        throw BenchmarkError.explorer(reason: "no result \(resultTimeout) after typing \"\(character)\"")
                    }
                    session.collectResults()
                }
                let paintStarted = clock.now
                paint()
                let finished = clock.now
                samples.append(KeystrokeTiming(
                    echo: Self.seconds(echoed - started), updated: Self.seconds(finished - started),
                    encode: (session.state.report?.encodeMilliseconds ?? 0) / 1000,
                    paint: Self.seconds(finished - paintStarted)))
            }
            let rest = started + interval - clock.now
            if rest > .zero { Thread.sleep(forTimeInterval: Self.seconds(rest)) }
        }
        try settle()
        return samples
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
