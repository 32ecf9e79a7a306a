// fuzz: module=ExplorerUI max_len=4096
import Foundation

/// libFuzzer entry for the explorer's state and screen: any bytes as terminal input,
/// decoded into keys that drive the reducer, with instant fake results for the work it asks
/// for, resizes down to nothing, and the screen rendered along the way.
///
/// No key sequence may trap, and every frame must fill the window with the cursor inside it.
/// (The `keys` target fuzzes the decoder alone, much faster.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExplorerState(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    FuzzExplorer.drive(KeyDecoder.decode(bytes),
                       initialSize: GridSize(columns: Int(bytes.first ?? 80) % 160, rows: Int(bytes.last ?? 24) % 50))
    return 0
}
