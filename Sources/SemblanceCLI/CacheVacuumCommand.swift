import ArgumentParser

struct CacheVacuumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum", abstract: "Drop vectors no corpus uses and compact the file.")

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        let compaction = try cacheOptions.open(writable: true).vacuum()
        print("dropped \(compaction.orphanVectors) unused vectors; \(ByteCount.text(compaction.bytesBefore)) → \(ByteCount.text(compaction.bytesAfter))")
    }
}
