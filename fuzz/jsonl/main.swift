// fuzz: module=TextInput max_len=8192
import Foundation

/// libFuzzer entry for the line readers: any bytes as a JSON Lines corpus (with and without
/// an id field) and as a plain one-text-per-line corpus.
///
/// Reading must give records or a `TextInputError`; records come in line order, each with a
/// line number that exists in the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineReaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    let source = InputSource(name: "fuzz.jsonl", data: Data(bytes))
    let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
    let readers: [(String, () throws -> [TextRecord])] = [
        ("jsonl", { try JSONLinesReader().records(in: source) }),
        ("jsonl with ids", { try JSONLinesReader(textField: "text", idField: "id").records(in: source) }),
        ("lines", { try PlainLinesReader.records(in: source, skipEmpty: true) }),
    ]
    for (name, read) in readers {
        let records: [TextRecord]
        do {
            records = try read()
        } catch is TextInputError {
            continue
        } catch {
            fuzzCheck(false, "\(name) threw something other than a TextInputError: \(error)")
            continue
        }
        var previous = 0
        for record in records {
            fuzzCheck(record.line > previous && record.line <= lineCount, "\(name): line \(record.line) after \(previous)")
            previous = record.line
        }
    }
    return 0
}
