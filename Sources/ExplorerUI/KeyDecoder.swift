/// Turns the terminal's raw input bytes into `KeyEvent`s: UTF-8 text, control keys,
/// CSI / SS3 escape sequences (xterm, rxvt, tmux), SGR and X10 mouse reports and
/// bracketed paste.
///
/// Pure and incremental: bytes may arrive split anywhere; an incomplete sequence waits in
/// the decoder until more bytes come or `flush()` (called after a short quiet period)
/// resolves it — a lone ESC becomes `.escape`. Any byte sequence decodes without trapping
/// and in bounded memory, so the decoder can be fuzzed.
public struct KeyDecoder: Sendable {
    /// Longest escape sequence kept waiting; longer ones are reported as `.unknown`.
    static let maximumSequenceLength = 64
    /// Paste text is delivered in chunks of at most this many bytes.
    static let pasteChunkBytes = 64 * 1024

    private var pending: [UInt8] = []
    private var pasteBuffer: [UInt8]? = nil

    public init() {}

    /// Whether bytes are waiting for the rest of a sequence (the caller should `flush()`
    /// after a short timeout if nothing else arrives).
    public var hasPendingBytes: Bool { !pending.isEmpty && pasteBuffer == nil }

    /// Decodes `bytes` completely, as if a quiet period followed them.
    public static func decode(_ bytes: some Sequence<UInt8>) -> [KeyEvent] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    /// Adds `bytes` and returns every event that is complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [KeyEvent] {
        pending.append(contentsOf: bytes)
        return decodePending(final: false)
    }

    /// Resolves whatever is still pending (a lone ESC, a cut sequence, half a UTF-8
    /// character). An open bracketed paste stays open.
    public mutating func flush() -> [KeyEvent] {
        decodePending(final: true)
    }

    private enum Step {
        case event(KeyEvent, consumed: Int)
        case events([KeyEvent], consumed: Int)
        case needMore
    }

    private mutating func decodePending(final: Bool) -> [KeyEvent] {
        var events: [KeyEvent] = []
        var start = 0
        while start < pending.count {
            if pasteBuffer != nil {
                let (paste, consumed, finished) = scanPaste(from: start, final: final)
                events.append(contentsOf: paste)
                start += consumed
                if !finished { break }
                continue
            }
            switch step(at: start, final: final) {
            case let .event(event, consumed):
                events.append(event)
                start += consumed
                if case .unknown(let bytes) = event, bytes == Self.pasteStart {
                    events.removeLast()
                    pasteBuffer = []
                }
            case let .events(list, consumed):
                events.append(contentsOf: list)
                start += consumed
            case .needMore:
                pending.removeFirst(start)
                return events
            }
        }
        pending.removeFirst(min(start, pending.count))
        return events
    }

    static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
    static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    /// Copies paste bytes until the end marker; returns (events, bytes consumed, paste ended).
    private mutating func scanPaste(from start: Int, final: Bool) -> ([KeyEvent], Int, Bool) {
        var events: [KeyEvent] = []
        let end = Self.pasteEnd
        var index = start
        while index < pending.count {
            if pending[index] == 0x1B {
                let available = min(end.count, pending.count - index)
                if Array(pending[index..<index + available]) == Array(end[0..<available]) {
                    if available == end.count {
                        events.append(contentsOf: takePasteChunk(all: true))
                        pasteBuffer = nil
                        return (events, index + end.count - start, true)
                    }
                    break  // maybe the start of the end marker: wait for more
                }
            }
            pasteBuffer?.append(pending[index])
            index += 1
            if (pasteBuffer?.count ?? 0) >= Self.pasteChunkBytes {
                events.append(contentsOf: takePasteChunk(all: false))
            }
        }
        return (events, index - start, false)
    }

    /// Emits buffered paste text, keeping a trailing incomplete UTF-8 character unless `all`.
    private mutating func takePasteChunk(all: Bool) -> [KeyEvent] {
        guard var buffer = pasteBuffer, !buffer.isEmpty else { return [] }
        var keep: [UInt8] = []
        if !all {
            var cut = buffer.count
            var back = 0
            while cut > 0, back < 3, buffer[cut - 1] & 0xC0 == 0x80 { cut -= 1; back += 1 }
            if cut > 0, buffer[cut - 1] >= 0xC0 { cut -= 1 } else { cut = buffer.count }
            keep = Array(buffer[cut...])
            buffer.removeSubrange(cut...)
        }
        pasteBuffer = keep
        return buffer.isEmpty ? [] : [.paste(String(decoding: buffer, as: UTF8.self))]
    }

    private func step(at start: Int, final: Bool) -> Step {
        let byte = pending[start]
        switch byte {
        case 0x1B: return escape(at: start, final: final)
        case 0x0D, 0x0A: return .event(.enter, consumed: 1)
        case 0x09: return .event(.tab, consumed: 1)
        case 0x08, 0x7F: return .event(.backspace, consumed: 1)
        case 0x01...0x1A:
            return .event(.control(Character(Unicode.Scalar(byte + 0x60))), consumed: 1)
        case 0x00, 0x1C...0x1F: return .event(.unknown([byte]), consumed: 1)
        case 0x20...0x7E: return .event(.character(Character(Unicode.Scalar(byte))), consumed: 1)
        default:
            switch utf8Scalar(at: start, final: final) {
            case .none: return .needMore
            case let .some((scalar, length)): return .event(.character(Character(scalar)), consumed: length)
            }
        }
    }

    /// Decodes one UTF-8 scalar; `nil` when more bytes are needed. Invalid input gives
    /// U+FFFD and consumes one byte, so decoding always moves forward.
    private func utf8Scalar(at start: Int, final: Bool) -> (Unicode.Scalar, Int)? {
        let replacement: (Unicode.Scalar, Int) = ("\u{FFFD}", 1)
        let lead = pending[start]
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(lead & 0x07)
        default: return replacement
        }
        for offset in 1..<length {
            let index = start + offset
            guard index < pending.count else { return final ? replacement : nil }
            let next = pending[index]
            guard next & 0xC0 == 0x80 else { return replacement }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return replacement }
        return (scalar, length)
    }

    private func escape(at start: Int, final: Bool) -> Step {
        let available = pending.count - start
        guard available >= 2 else { return final ? .event(.escape, consumed: 1) : .needMore }
        let second = pending[start + 1]
        switch second {
        case UInt8(ascii: "["): return controlSequence(at: start, final: final)
        case UInt8(ascii: "O"):
            guard available >= 3 else {
                return final ? .event(.alt("O"), consumed: 2) : .needMore
            }
            return .event(Self.singleShift(pending[start + 2]), consumed: 3)
        case 0x1B: return .event(.escape, consumed: 1)
        case 0x20...0x7E: return .event(.alt(Character(Unicode.Scalar(second))), consumed: 2)
        case 0x80...0xFF:
            switch utf8Scalar(at: start + 1, final: final) {
            case .none: return .needMore
            case let .some((scalar, length)): return .event(.alt(Character(scalar)), consumed: 1 + length)
            }
        default: return .event(.escape, consumed: 1)
        }
    }

    private static func singleShift(_ byte: UInt8) -> KeyEvent {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "M"): .enter
        case UInt8(ascii: "P"): .function(1)
        case UInt8(ascii: "Q"): .function(2)
        case UInt8(ascii: "R"): .function(3)
        case UInt8(ascii: "S"): .function(4)
        default: .unknown([0x1B, UInt8(ascii: "O"), byte])
        }
    }

    /// ESC [ parameters intermediates final.
    private func controlSequence(at start: Int, final: Bool) -> Step {
        var index = start + 2
        while index < pending.count {
            let byte = pending[index]
            if index - start >= Self.maximumSequenceLength {
                return .event(.unknown(Array(pending[start..<index])), consumed: index - start)
            }
            switch byte {
            case 0x20...0x3F:
                index += 1
            case 0x40...0x7E:
                let parameters = Array(pending[(start + 2)..<index])
                if byte == UInt8(ascii: "M"), parameters.isEmpty {
                    return x10Mouse(at: start, final: final)
                }
                let consumed = index + 1 - start
                return .event(Self.csiEvent(parameters: parameters, final: byte,
                                            raw: Array(pending[start..<index + 1])),
                              consumed: consumed)
            default:
                // A byte that cannot be inside a sequence: report what came so far.
                return .event(.unknown(Array(pending[start..<index])), consumed: index - start)
            }
        }
        if final {
            return .event(.unknown(Array(pending[start..<pending.count])), consumed: pending.count - start)
        }
        return .needMore
    }

    private func x10Mouse(at start: Int, final: Bool) -> Step {
        guard pending.count - start >= 6 else {
            if final { return .event(.unknown(Array(pending[start...])), consumed: pending.count - start) }
            return .needMore
        }
        let button = Int(pending[start + 3]) - 32
        let column = max(0, Int(pending[start + 4]) - 33)
        let row = max(0, Int(pending[start + 5]) - 33)
        let kind = Self.mouseKind(code: max(0, button), released: button & 3 == 3)
        guard let kind else { return .event(.unknown(Array(pending[start..<start + 6])), consumed: 6) }
        return .event(.mouse(MouseEvent(kind: kind, column: column, row: row)), consumed: 6)
    }

    private static func mouseKind(code: Int, released: Bool) -> MouseEvent.Kind? {
        if code & 64 != 0 {
            switch code & 3 {
            case 0: return .scrollUp
            case 1: return .scrollDown
            default: return nil
            }
        }
        if code & 32 != 0 { return .drag }
        if released { return .release }
        return .press(button: code & 3)
    }

    /// Splits `1;5` style parameters into numbers (missing ones are 0, huge ones clamp).
    private static func numbers(_ parameters: ArraySlice<UInt8>) -> [Int] {
        var result: [Int] = []
        var current = 0
        for byte in parameters {
            if byte == UInt8(ascii: ";") {
                result.append(current)
                current = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                current = min(current * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)
            }
        }
        result.append(current)
        return result
    }

    private static func csiEvent(parameters: [UInt8], final: UInt8, raw: [UInt8]) -> KeyEvent {
        if parameters.first == UInt8(ascii: "<") {
            guard final == UInt8(ascii: "M") || final == UInt8(ascii: "m") else { return .unknown(raw) }
            let values = numbers(parameters.dropFirst())
            guard values.count == 3,
                  let kind = mouseKind(code: values[0], released: final == UInt8(ascii: "m"))
            else { return .unknown(raw) }
            return .mouse(MouseEvent(kind: kind, column: max(0, values[1] - 1), row: max(0, values[2] - 1)))
        }
        if let first = parameters.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: ";")) {
            return .unknown(raw)  // private sequences (`?`, `>`): replies, not keys
        }
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "P"): return .function(1)
        case UInt8(ascii: "Q"): return .function(2)
        case UInt8(ascii: "S"): return .function(4)
        case UInt8(ascii: "~"):
            switch numbers(parameters[...]).first ?? 0 {
            case 1, 7: return .home
            case 2: return .insert
            case 3: return .delete
            case 4, 8: return .end
            case 5: return .pageUp
            case 6: return .pageDown
            case 11...15: return .function((numbers(parameters[...]).first ?? 11) - 10)
            case 17...21: return .function((numbers(parameters[...]).first ?? 17) - 11)
            case 23, 24: return .function((numbers(parameters[...]).first ?? 23) - 12)
            default: return .unknown(raw)  // including 200~ (paste start), handled by the caller
            }
        default: return .unknown(raw)
        }
    }
}
