import ArgumentParser
import TextOutput
import Foundation

struct CacheVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every vector's size and finiteness and every text's hash; exit 1 on any problem.")

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        let report = try cacheOptions.open(writable: false).verify()
        for problem in report.problems { print(TerminalText.visible(problem)) }  // problems quote corpus names
        print("checked \(report.vectorsChecked) vectors and \(report.itemsChecked) items: \(report.isHealthy ? "ok" : "\(report.problems.count) problem(s)")")
        if !report.isHealthy { throw ExitCode(1) }
    }
}
