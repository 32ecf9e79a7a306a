import Foundation
import Testing
import VectorCache

/// Which cache a command uses: `--cache`, else `$SEMBLANCE_CACHE`, else the XDG default; only
/// the default's directory may be created.
@Suite struct CacheLocationTests {
    @Test func aGivenPathWinsAndIsNotCreated() {
        let location = CacheLocation(given: "/tmp/x.sqlite", environment: ["SEMBLANCE_CACHE": "/elsewhere.sqlite"])
        #expect(location == CacheLocation(given: "/tmp/x.sqlite", environment: [:]))
        #expect(location.path == "/tmp/x.sqlite" && !location.createsDirectories)
    }

    @Test func theEnvironmentComesNext() {
        let location = CacheLocation(given: nil, environment: ["SEMBLANCE_CACHE": "/data/c.sqlite", "XDG_CACHE_HOME": "/xdg"])
        #expect(location.path == "/data/c.sqlite" && !location.createsDirectories)
    }

    @Test func theDefaultFollowsXDGAndIsCreated() {
        let xdg = CacheLocation(given: nil, environment: ["XDG_CACHE_HOME": "/xdg", "SEMBLANCE_CACHE": ""])
        #expect(xdg.path == "/xdg/semblance/cache.sqlite" && xdg.createsDirectories)
        let home = CacheLocation(given: nil, environment: ["XDG_CACHE_HOME": ""])
        #expect(home.path == NSHomeDirectory() + "/.cache/semblance/cache.sqlite" && home.createsDirectories)
    }
}
