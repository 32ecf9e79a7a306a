// fuzz: module=ExplorerUI max_len=4096
import Foundation

/// libFuzzer entry for the key decoder: any bytes as what the terminal sends.
///
/// Decoding must never trap, and decoding in chunks (as reads deliver them) must give
/// exactly the events of decoding at once. (`explorer-state` feeds the events onwards.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeys(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    let events = KeyDecoder.decode(bytes)

    var decoder = KeyDecoder()
    var chunked: [KeyEvent] = []
    var start = 0, step = 0
    while start < bytes.count {
        // Chunk lengths 1…7 from the bytes themselves: reproducible, and every split point is reachable.
        let length = min(bytes.count - start, 1 + Int(bytes[(start * 31 + step) % bytes.count]) % 7)
        chunked += decoder.feed(bytes[start..<start + length])
        start += length
        step += 1
    }
    chunked += decoder.flush()
    fuzzCheck(chunked == events, "chunked decoding differs: \(chunked.prefix(8)) vs \(events.prefix(8))")
    return 0
}
