import ArgumentParser
import Foundation
import VectorCache

/// `--cache PATH`, shared by every command that uses the vector cache.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The cache database.",
        discussion: "Defaults to $SEMBLANCE_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/semblance/cache.sqlite.",
        valueName: "PATH"))
    var cache: String?

    /// The path the options name, after the environment and the default.
    var path: String {
        if let cache { return cache }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SEMBLANCE_CACHE"], !path.isEmpty { return path }
        let cacheHome = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.cache"
        return cacheHome + "/semblance/cache.sqlite"
    }

    /// Opens the cache; `writable` creates it when missing.
    func open(writable: Bool) throws -> VectorStore {
        try VectorStore(path: path, writable: writable)
    }
}
