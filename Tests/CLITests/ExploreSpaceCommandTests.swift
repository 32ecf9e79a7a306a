import Foundation
import Testing
import TestSupport

/// The explorer's corpus map, score context, centring and explanation keys with the real
/// binary in tmux (scripts/e2e-explorer-space.sh).
struct ExploreSpaceCommandTests {
    /// Needs tmux and the default model (`make test` installs both).
    @Test func mapCentringAndExplanationInTmux() throws {
        let binary = try CommandRunner.semblanceBinary()
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/e2e-explorer-space.sh")
        let result = try CleanSignalSpawn.run("/bin/bash", [script.path, binary.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("e2e-explorer-space: PASS"), "\(result.output)")
    }
}
