#ifndef SEMBLANCE_TERMINAL_SIGNALS_H
#define SEMBLANCE_TERMINAL_SIGNALS_H

#include <sys/types.h>

/// Signal handling for a full-screen terminal program. A signal handler may only do
/// async-signal-safe work and Swift cannot write one, so the handlers live here:
/// - SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP and SIGCONT write their number to a
///   self-pipe the UI loop polls;
/// - crash signals put the terminal back (saved termios + the escape sequences that undo
///   mouse, paste and alternate-screen modes) and re-raise.
/// One state per process.

/// Saves the terminal's modes (before curses changes them) for the crash handler.
void terminal_signals_save_terminal(int tty_fd);

/// Installs the handlers: forwarded signals go to `pipe_write_fd`. Returns 0 or -1 (errno set).
/// The forwarded signals are also unblocked on the calling thread (a parent may have spawned
/// us with them blocked, and then resizes and SIGTERM would never arrive).
int terminal_signals_install(int pipe_write_fd);

/// Puts every handler back to the default and forgets the pipe.
void terminal_signals_remove(void);

/// Stops the process as a terminal stop would (the shell's job control takes over) and
/// returns once it is continued. The caller restores the terminal before and redraws after.
/// Stops the whole process group only when it is the terminal's foreground group (see
/// `terminal_signals_stops_whole_group`), else only this process.
/// 0, or -1 (errno set) when the default action could not be put in place.
int terminal_signals_suspend_self(void);

/// Whether Ctrl-Z stops the whole process group: only when our group (`getpgrp()`) is the
/// terminal's foreground group (`tcgetpgrp`, -1 when unknown). Otherwise others share our
/// group without owning the terminal (a test runner, an editor) and must not be stopped.
int terminal_signals_stops_whole_group(pid_t own_group, pid_t foreground_group);

/// A close-on-exec, non-blocking pipe for the signal handlers. 0 or -1 (errno set).
int terminal_signals_make_pipe(int descriptors[2]);

/// The terminal size from the kernel (curses' LINES/COLS lag behind a resize). 0 or -1.
int terminal_signals_window_size(int fd, int *rows, int *columns);

#endif
