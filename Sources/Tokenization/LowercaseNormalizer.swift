/// HF `Lowercase`: every scalar replaced by its full lowercase mapping (Rust `char::to_lowercase`,
/// no context: "İ" → "i̇"); the extra scalars of a mapping share its origin.
struct LowercaseNormalizer: TextNormalizer {
    func normalize(_ text: inout NormalizedText) {
        text.rewrite { scalar, origin, output in
            if scalar.value < 0x80 {
                let value = scalar.value
                let lowered = value >= 0x41 && value <= 0x5A ? value + 32 : value
                output.append(Unicode.Scalar(UInt8(truncatingIfNeeded: lowered)), origin: origin)
            } else {
                for lowered in scalar.properties.lowercaseMapping.unicodeScalars { output.append(lowered, origin: origin) }
            }
        }
    }
}
