// fuzz: module=TextInput max_len=8192
import Foundation

/// libFuzzer entry for the CSV/TSV reader: any bytes as a corpus file, read with a header
/// and a named column, as TSV by column numbers, and without a header.
///
/// Reading must give records or a `TextInputError`; records come in line order, each with a
/// line number inside the file, a non-blank text, and an id exactly when one was asked for.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDelimitedReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    let source = InputSource(name: "fuzz.csv", data: Data(bytes))
    let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
    let readers = [
        DelimitedReader(),
        DelimitedReader(delimiter: UInt8(ascii: "\t"), textColumn: .number(2), idColumn: .name("id")),
        DelimitedReader(textColumn: .number(1), idColumn: .number(3), hasHeader: false),
        DelimitedReader(delimiter: UInt8(ascii: ";"), textColumn: DelimitedReader.Column(parsing: "sentence1"),
                        idColumn: DelimitedReader.Column(parsing: "2")),
    ]
    for reader in readers {
        let records: [TextRecord]
        do {
            records = try reader.records(in: source)
        } catch is TextInputError {
            continue
        } catch {
            fuzzCheck(false, "threw something other than a TextInputError: \(error)")
            continue
        }
        var previous = 0
        for record in records {
            fuzzCheck(record.line > previous && record.line <= lineCount, "line \(record.line) after \(previous) of \(lineCount)")
            fuzzCheck(!record.text.allSatisfy(\.isWhitespace), "blank text at line \(record.line)")
            fuzzCheck((record.id != nil) == (reader.idColumn != nil), "id \(String(describing: record.id)) at line \(record.line)")
            previous = record.line
        }
    }
    return 0
}
