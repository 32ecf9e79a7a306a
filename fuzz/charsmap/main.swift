// fuzz: module=Tokenization max_len=262144
import Foundation
import StrictJSON

/// libFuzzer entry for SentencePiece's `precompiled_charsmap` (HF `Precompiled` normalizer).
/// One input is `settings byte, text length n, n bytes of text, the charsmap blob`: the blob is
/// binary (the real one holds 0x1E bytes), so the text comes first with its length.
///
/// The blob is read raw (`PrecompiledCharsmap(blob:)`) and, base64-encoded, as a tokenizer.json
/// `normalizer` section (`NormalizerReader`): the raw read gives a charsmap or a `ParseError`,
/// the section a normalizer or a `TokenizationError`, and the two agree on which. Settings:
/// bit 0 puts the blob into the section as text instead of base64 (not base64, or not UTF-8);
/// bit 1 wraps it in a Sequence with NFKC and Lowercase after it.
///
/// A normalizer that loads normalizes the input's text and a few fixed texts, whole and
/// without their first and last scalars: every normalized scalar has an origin inside the
/// range it was given, the origins never decrease, the raw and section normalizers give the
/// same scalars, and a second pass gives the same result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPrecompiledCharsmap(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    guard bytes.count >= 2 else { return 0 }
    let settings = bytes[0]
    let textLength = min(Int(bytes[1]), bytes.count - 2)
    let text = String(decoding: bytes[2..<(2 + textLength)], as: UTF8.self)
    let blob = Array(bytes[(2 + textLength)...])
    let blobAsText = settings & 1 != 0
    let wrapped = settings & 2 != 0

    let raw: PrecompiledNormalizer?
    do {
        raw = PrecompiledNormalizer(charsmap: try PrecompiledCharsmap(blob: blob))
    } catch {
        raw = nil
    }

    let charsmapValue = blobAsText ? String(decoding: blob, as: UTF8.self) : Data(blob).base64EncodedString()
    let precompiled = #"{"type": "Precompiled", "precompiled_charsmap": \#(jsonString(charsmapValue))}"#
    let section = wrapped
        ? #"{"type": "Sequence", "normalizers": [\#(precompiled), {"type": "NFKC"}, {"type": "Lowercase"}]}"#
        : precompiled
    let loaded: (any TextNormalizer)?
    do {
        let value = try JSONParser.parse(Array(section.utf8))
        loaded = try NormalizerReader.read(value, field: "normalizer", in: JSONDocument(file: "tokenizer.json", root: value))
    } catch is TokenizationError {
        loaded = nil
    } catch {
        fuzzCheck(false, "the normalizer section threw something other than a TokenizationError: \(error)")
        return 0
    }
    if !blobAsText {
        fuzzCheck((raw == nil) == (loaded == nil),
                  "the raw blob \(raw == nil ? "was refused" : "loaded") but the section \(loaded == nil ? "was refused" : "loaded")")
    }

    let texts = [text, "Hello World", "ＡＢＣ ①② ﬁ ㍿ Ⅻ", "e\u{301}\u{302} a\u{308}\u{323}\u{304} ", "한국어 カタカナ ｶﾀｶﾅ",
                 "👩‍👩‍👧‍👦 🇫🇷 👍🏽", "\u{0}\t\n\u{200B}\u{FEFF}x", "\u{1100}\u{1161}\u{11A8}\u{1100}"]
    for normalizer in [raw as (any TextNormalizer)?, loaded].compactMap({ $0 }) {
        for text in texts {
            let original = Array(text.unicodeScalars)
            for range in [original.indices, original.count >= 2 ? 1..<(original.count - 1) : original.indices] {
                let normalized = normalizer.normalize(original, range: range)
                check(normalized, range: range, of: text)
                fuzzCheck(normalizer.normalize(original, range: range).scalars == normalized.scalars,
                          "a second pass over \(text.debugDescription) gave other scalars")
            }
        }
    }
    if let raw, let loaded, !wrapped {
        for text in texts {
            let original = Array(text.unicodeScalars)
            fuzzCheck(raw.normalize(original, range: original.indices).scalars
                      == loaded.normalize(original, range: original.indices).scalars,
                      "the raw and section normalizers disagree on \(text.debugDescription)")
        }
    }
    return 0
}

/// Origins inside `range`, one per scalar, never decreasing.
private func check(_ normalized: NormalizedText, range: Range<Int>, of text: String) {
    fuzzCheck(normalized.origins.count == normalized.scalars.count,
              "\(normalized.origins.count) origins for \(normalized.scalars.count) scalars")
    var previous = range.lowerBound
    for origin in normalized.origins {
        fuzzCheck(range.contains(origin), "origin \(origin) outside \(range) of \(text.debugDescription)")
        fuzzCheck(origin >= previous, "origin \(origin) after \(previous) in \(text.debugDescription)")
        previous = origin
    }
}

/// `text` as a JSON string literal, built byte by byte: the blob may be hundreds of kilobytes
/// of escapes, too many for `String(format:)` within the time limit.
private func jsonString(_ text: String) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var result: [UInt8] = [UInt8(ascii: "\"")]
    result.reserveCapacity(text.utf8.count * 2 + 2)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"", "\\": result += [UInt8(ascii: "\\"), UInt8(scalar.value)]
        case " "..."~": result.append(UInt8(scalar.value))
        default:
            for unit in String(scalar).utf16 {
                result += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
                for shift in [12, 8, 4, 0] { result.append(hex[Int(unit >> UInt16(shift)) & 0xF]) }
            }
        }
    }
    result.append(UInt8(ascii: "\""))
    return String(decoding: result, as: UTF8.self)
}
