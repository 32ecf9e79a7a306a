import Foundation
import Testing
import TestSupport

/// `semblance explore` as a user runs it: refused without a terminal, and driven end to end
/// in tmux by scripts/e2e-explorer.sh (type, pin, type, keys after c, resize, quit; terminal
/// restored; the pin back on restart; Ctrl-Z and fg; Ctrl-C exits 130).
struct ExploreCommandTests {
    @Test func withoutATerminalItFailsWithOneClearLine() throws {
        let result = try CommandRunner.semblance(["explore"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("explore: needs a terminal on stdin and stdout"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func badNeighbourCountIsRejected() throws {
        let result = try CommandRunner.semblance(["explore", "-k", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("-k must be between 1 and 1000 (got 0)"), "\(result.stderr)")
    }

    @Test func helpSaysWhereTheSessionIsKeptAndHowToStartFresh() throws {
        let result = try CommandRunner.semblance(["explore", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--fresh"), "\(result.stdout)")
        #expect(result.stdout.contains("XDG_STATE_HOME"), "\(result.stdout)")
    }

    /// Needs tmux and the default model (`make test` installs both).
    @Test func endToEndInTmux() throws {
        let binary = try CommandRunner.semblanceBinary()
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/e2e-explorer.sh")
        let result = try CleanSignalSpawn.run("/bin/bash", [script.path, binary.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("e2e-explorer: PASS"), "\(result.output)")
    }
}

/// The teaching views with the real binary in tmux (scripts/e2e-teaching.sh): the MNRL view,
/// re-pairing, an odd pin, step-through, the layers view.
struct ExploreTeachingTests {
    /// Needs tmux and the default model (`make test` installs both).
    @Test func teachingViewsEndToEndInTmux() throws {
        let binary = try CommandRunner.semblanceBinary()
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/e2e-teaching.sh")
        let result = try CleanSignalSpawn.run("/bin/bash", [script.path, binary.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("e2e-teaching: PASS"), "\(result.output)")
    }
}
