/// A zero-filled float buffer owned by one object: a pointer that is never nil (room for at
/// least one float) and stays valid as long as the buffer, which `[Float]` does not promise
/// outside `withUnsafe…` closures.
final class FloatBuffer {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// A buffer whose values are left as they are, for one its first user writes whole (a
    /// product with beta 0, a kernel's output): a step's activations would otherwise be
    /// zeroed only to be overwritten.
    init(uninitializedCount count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
    }

    convenience init(copying other: FloatBuffer) {
        self.init(uninitializedCount: other.count)
        pointer.update(from: other.pointer, count: count)
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        for (index, value) in values.enumerated() { pointer[index] = value }
    }

    deinit { pointer.deallocate() }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
}
