/// An immutable trie over UTF-8 bytes for exact and longest-prefix lookups.
///
/// Keys are compared byte for byte, as Rust compares `String`s; Swift's `String ==` would
/// treat canonically equivalent spellings as equal. Children of a node are stored
/// contiguously, sorted by byte; the root has a direct 256-entry table because every lookup
/// passes through it.
struct ByteTrie: Sendable {
    private static let none: Int32 = -1

    private let rootChildren: [Int32]
    /// `edgeStart[n] ..< edgeStart[n + 1]` are node n's edges; `nodeCount + 1` entries.
    private let edgeStart: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    /// The value stored at each node, or `none`.
    private let values: [Int32]

    fileprivate init(rootChildren: [Int32], edgeStart: [Int32], edgeBytes: [UInt8], edgeTargets: [Int32], values: [Int32]) {
        self.rootChildren = rootChildren
        self.edgeStart = edgeStart
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.values = values
    }

    /// The value stored for exactly `key`.
    func value<Bytes: Sequence<UInt8>>(for key: Bytes) -> Int32? {
        var node: Int32 = 0
        for byte in key {
            node = child(of: node, byte: byte)
            if node == Self.none { return nil }
        }
        let value = values[Int(node)]
        return value == Self.none ? nil : value
    }

    /// The longest key that is a prefix of `bytes[start...]`, as its byte length and value.
    func longestPrefix(of bytes: [UInt8], from start: Int) -> (length: Int, value: Int32)? {
        var node: Int32 = 0
        var best: (length: Int, value: Int32)?
        var index = start
        while index < bytes.count {
            node = child(of: node, byte: bytes[index])
            if node == Self.none { break }
            index += 1
            let value = values[Int(node)]
            if value != Self.none { best = (index - start, value) }
        }
        return best
    }

    /// Calls `body` with the byte length and value of every key that is a prefix of
    /// `bytes[start...]`, shortest first (HF's `common_prefix_search`).
    func forEachPrefix(of bytes: [UInt8], from start: Int, _ body: (_ length: Int, _ value: Int32) -> Void) {
        var node: Int32 = 0
        var index = start
        while index < bytes.count {
            node = child(of: node, byte: bytes[index])
            if node == Self.none { return }
            index += 1
            let value = values[Int(node)]
            if value != Self.none { body(index - start, value) }
        }
    }

    private func child(of node: Int32, byte: UInt8) -> Int32 {
        if node == 0 { return rootChildren[Int(byte)] }
        // Lower-bound binary search over the node's sorted edge bytes.
        var low = Int(edgeStart[Int(node)])
        var high = Int(edgeStart[Int(node) + 1])
        while low < high {
            let middle = (low + high) / 2
            if edgeBytes[middle] < byte { low = middle + 1 } else { high = middle }
        }
        if low < Int(edgeStart[Int(node) + 1]) && edgeBytes[low] == byte { return edgeTargets[low] }
        return Self.none
    }
}

/// Collects keys, then freezes them into a `ByteTrie`.
struct ByteTrieBuilder {
    private var children: [[(byte: UInt8, node: Int32)]] = [[]]
    private var values: [Int32] = [-1]

    /// Stores `value` under `key`; returns the value it replaces, if the key was already present.
    @discardableResult
    mutating func insert<Bytes: Sequence<UInt8>>(_ key: Bytes, value: Int32) -> Int32? {
        var node = 0
        for byte in key {
            if let existing = children[node].first(where: { $0.byte == byte }) {
                node = Int(existing.node)
            } else {
                let created = children.count
                children.append([])
                values.append(-1)
                children[node].append((byte, Int32(created)))
                node = created
            }
        }
        let previous = values[node]
        values[node] = value
        return previous == -1 ? nil : previous
    }

    func build() -> ByteTrie {
        var rootChildren = [Int32](repeating: -1, count: 256)
        for edge in children[0] { rootChildren[Int(edge.byte)] = edge.node }
        var edgeStart: [Int32] = []
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        edgeStart.reserveCapacity(children.count + 1)
        for (node, edges) in children.enumerated() {
            edgeStart.append(Int32(edgeBytes.count))
            guard node != 0 else { continue }
            for edge in edges.sorted(by: { $0.byte < $1.byte }) {
                edgeBytes.append(edge.byte)
                edgeTargets.append(edge.node)
            }
        }
        edgeStart.append(Int32(edgeBytes.count))
        return ByteTrie(rootChildren: rootChildren, edgeStart: edgeStart, edgeBytes: edgeBytes,
                        edgeTargets: edgeTargets, values: values)
    }
}
