import CursesBackend
import Testing

/// Ctrl-Z used to stop the whole process group (kill(0, SIGTSTP)) even when that group was
/// not the terminal's foreground job, stopping a test runner or editor sharing it.
@Suite struct JobControlTests {
    @Test func theGroupStopsOnlyWhenItIsTheTerminalsForegroundJob() {
        #expect(JobControl.stopsWholeGroup(ownGroup: 4321, foregroundGroup: 4321))
        #expect(!JobControl.stopsWholeGroup(ownGroup: 4321, foregroundGroup: 1234))  // another job owns the terminal
        #expect(!JobControl.stopsWholeGroup(ownGroup: 4321, foregroundGroup: -1))  // no terminal known
        #expect(!JobControl.stopsWholeGroup(ownGroup: 4321, foregroundGroup: 0))
        #expect(!JobControl.stopsWholeGroup(ownGroup: -1, foregroundGroup: -1))
    }
}
