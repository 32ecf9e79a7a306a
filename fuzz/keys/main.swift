// fuzz: module=ExplorerUI max_len=4096
import Foundation

/// libFuzzer entry for the explorer's input side: any bytes as what the terminal sends.
///
/// Decoding in chunks (as reads deliver them) must give exactly the events of decoding at
/// once. The events then drive the reducer, with instant fake results for the work it asks
/// for and resizes down to nothing, and the screen is rendered along the way: no key
/// sequence may trap, and every frame must fill the window with the cursor inside it.
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

    FuzzExplorer.drive(events, initialSize: GridSize(columns: Int(bytes.first ?? 80) % 160, rows: Int(bytes.last ?? 24) % 50))
    return 0
}
