/// Splits one fuzz input into the contents of several files.
///
/// Sections are separated by the byte 0x1E (ASCII record separator), which no seed file
/// contains, so libFuzzer can grow, shrink and swap files with single-byte mutations.
/// Missing sections come back as nil: the file is absent.
enum FuzzSections {
    static let separator: UInt8 = 0x1E

    static func split(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [ArraySlice<UInt8>?] {
        let sections = Array(bytes).split(separator: separator, maxSplits: count - 1, omittingEmptySubsequences: false)
        return (0..<count).map { $0 < sections.count ? sections[$0] : nil }
    }
}
