import ArgumentParser

/// The ranges numeric options must fall in, checked in `validate()`: a number outside its
/// range is a clear usage error, never an overflow trap or an allocation the machine cannot make
/// later (a batch size of 2^60 times eight traps; one of 10^6 texts would need terabytes).
enum OptionBounds {
    /// Texts per forward pass (`--batch-size`): activations grow with it (1024 texts of 256 tokens
    /// of a 384-wide model already take about 1.5 GB).
    static let batchSize = 1...1024
    /// Results per query (`search -k`, `bench search -k`).
    static let results = 1...1_000_000
    /// Neighbours the explorer shows (`explore -k`, `bench explore -k`).
    static let explorerNeighbours = 1...1000
    static let threads = 1...256
    static let runs = 1...1000
    static let singles = 0...100_000
    static let pins = 0...100
    /// Milliseconds between keystrokes (`bench explore --interval`).
    static let interval = 0...60_000
    static let passes = 1...1000
    static let screenColumns = 20...1000
    static let screenRows = 6...1000
    static let dimension = 1...65_536
    static let rows = 1...100_000_000
    /// Floats of one synthetic matrix (rows × dimension): 8 GiB.
    static let matrixElements = 1...(1 << 31)
    /// Components of one f16 matrix (`bench search --approx`, no f32 copy): 8 GiB, 10,000,000 × 384 fits.
    static let halfMatrixElements = 1...(1 << 32)
    static let corpusItems = 0...10_000_000
    /// `map --width/--height`, in pixels.
    static let pictureSide = 64...8192

    /// Throws a `ValidationError` naming `option` unless `value` is in `range`.
    static func check(_ value: Int, _ option: String, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
        }
    }
}
