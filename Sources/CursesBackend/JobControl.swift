import CTerminalSignals
import Glibc

/// Who Ctrl-Z stops. The explorer reads Ctrl-Z as a key (raw mode) and stops itself; stopping
/// its whole process group is right only when that group is the terminal's foreground job
/// (a shell job, wrapper scripts included). Under a test runner or an editor that shares our
/// group without owning the terminal, the group stop would stop them too.
public enum JobControl {
    /// Whether a suspend stops the whole process group (`own` from getpgrp, `foreground`
    /// from tcgetpgrp, -1 when unknown) rather than only this process.
    public static func stopsWholeGroup(ownGroup: pid_t, foregroundGroup: pid_t) -> Bool {
        terminal_signals_stops_whole_group(ownGroup, foregroundGroup) != 0
    }
}
