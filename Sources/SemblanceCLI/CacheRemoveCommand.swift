import ArgumentParser
import TextOutput

struct CacheRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Delete a corpus and the vectors no other corpus uses.",
        discussion: "Waits, saying so on stderr, while an `index` run of the corpus is under way.")

    @Argument(help: "The corpus name.")
    var name: String

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        let removal = try cacheOptions.open(writable: true).removeCorpus(named: name) { [cacheOptions, name] in
            cacheOptions.announceWaiting(for: name)
        }
        print("removed corpus \(TerminalText.visible(name)): \(removal.items) items, \(removal.vectors) vectors no other corpus used (run `semblance cache vacuum` to shrink the file)")
    }
}
