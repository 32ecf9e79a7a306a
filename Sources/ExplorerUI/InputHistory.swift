/// Earlier inputs, browsed with Up/Down like a shell: the text being typed is kept as a
/// draft and comes back after the newest entry.
public struct InputHistory: Hashable, Sendable {
    public static let capacity = 200

    public private(set) var entries: [String] = []
    /// Position while browsing (`nil` when editing the draft).
    public private(set) var position: Int? = nil
    private var draft = ""

    public init(entries: [String] = []) {
        self.entries = Array(entries.suffix(Self.capacity))
    }

    /// Records an entry (skipping blank ones and immediate repeats) and stops browsing.
    public mutating func record(_ text: String) {
        position = nil
        draft = ""
        guard !InputText.isBlank(text), entries.last != text else { return }
        entries.append(text)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
    }

    /// The entry before the current one; `current` is saved as the draft when browsing starts.
    public mutating func older(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        let next: Int
        if let position {
            guard position > 0 else { return nil }
            next = position - 1
        } else {
            draft = current
            next = entries.count - 1
        }
        position = next
        return entries[next]
    }

    /// The entry after the current one, or the draft after the newest; `nil` when not browsing.
    public mutating func newer() -> String? {
        guard let position else { return nil }
        if position + 1 < entries.count {
            self.position = position + 1
            return entries[position + 1]
        }
        self.position = nil
        return draft
    }

    /// Stops browsing (the user edited the recalled text).
    public mutating func stopBrowsing() {
        position = nil
    }
}
