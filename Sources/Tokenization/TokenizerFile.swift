import Foundation

/// Reading tokenizer files from disk with errors that name them.
enum TokenizerFile {
    /// Files larger than this are refused rather than read: no tokenizer file is near it.
    static let maximumSize = 1 << 30

    static func exists(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func readBytes(_ url: URL) throws(TokenizationError) -> [UInt8] {
        let name = url.lastPathComponent
        guard exists(url) else { throw .unreadableFile(file: name, reason: "no such file") }
        if let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue,
           size > maximumSize {
            throw .unreadableFile(file: name, reason: "larger than \(maximumSize / (1 << 20)) MiB")
        }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .unreadableFile(file: name, reason: error.localizedDescription)
        }
    }
}
