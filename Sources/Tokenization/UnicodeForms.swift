import Foundation

/// The four Unicode normalization forms, computed by one function so that the tables behind
/// them can be swapped (today Foundation's, which follow Swift's Unicode version; the
/// tokenizers library uses the `unicode-normalization-alignments` crate's older tables).
enum UnicodeForm: Sendable {
    case nfc, nfd, nfkc, nfkd

    var composes: Bool { self == .nfc || self == .nfkc }
    var isCompatibility: Bool { self == .nfkc || self == .nfkd }
    /// The decomposition this form starts from.
    var decomposition: UnicodeForm { isCompatibility ? .nfkd : .nfd }

    /// `scalars` in this form.
    func apply(_ scalars: some Sequence<Unicode.Scalar>) -> [Unicode.Scalar] {
        var string = ""
        string.unicodeScalars.append(contentsOf: scalars)
        let normalized: String = switch self {
        case .nfc: string.precomposedStringWithCanonicalMapping
        case .nfd: string.decomposedStringWithCanonicalMapping
        case .nfkc: string.precomposedStringWithCompatibilityMapping
        case .nfkd: string.decomposedStringWithCompatibilityMapping
        }
        return Array(normalized.unicodeScalars)
    }
}
