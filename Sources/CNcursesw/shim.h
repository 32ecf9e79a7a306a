#ifndef SEMBLANCE_CNCURSESW_SHIM_H
#define SEMBLANCE_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags, so the wide-character API is switched on here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Swift 6 rejects curses' mutable globals and cannot see its macros: expose them as functions.
static inline WINDOW *semblance_stdscr(void) { return stdscr; }
static inline int semblance_lines(void) { return LINES; }
static inline int semblance_cols(void) { return COLS; }
static inline int semblance_color_pairs(void) { return COLOR_PAIRS; }
static inline int semblance_colors(void) { return COLORS; }
static inline attr_t semblance_a_bold(void) { return A_BOLD; }
static inline attr_t semblance_a_dim(void) { return A_DIM; }
static inline attr_t semblance_a_reverse(void) { return A_REVERSE; }
static inline attr_t semblance_a_underline(void) { return A_UNDERLINE; }
static inline attr_t semblance_a_normal(void) { return A_NORMAL; }
static inline int semblance_key_resize(void) { return KEY_RESIZE; }
static inline int semblance_key_mouse(void) { return KEY_MOUSE; }
static inline int semblance_ccharw_max(void) { return CCHARW_MAX; }
static inline FILE *semblance_stdout(void) { return stdout; }
static inline FILE *semblance_stdin(void) { return stdin; }

// ---- Signals and terminal restoration --------------------------------------------------
// A signal handler may only do async-signal-safe work, and Swift cannot write one that reaches
// state, so the handlers live here: termination and resize signals write their number to a
// self-pipe the UI loop polls; crash signals put the terminal back (saved termios + the escape
// sequences that undo mouse, paste and alternate-screen modes) and re-raise.
// The state lives in a function-local static because Swift's importer does not emit plain
// static variables of struct type; every call that touches it is made from one Swift file
// (CursesBackend/SignalPipe.swift), so it is one state per process.
struct semblance_terminal_state {
    int signal_fd;
    int tty_fd;
    int termios_saved;
    struct termios termios;
};

static inline struct semblance_terminal_state *semblance_terminal_state(void) {
    static struct semblance_terminal_state state = { -1, -1, 0 };
    return &state;
}

static const char semblance_reset_sequence[] =
    "\033[?1000l\033[?1002l\033[?1006l\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";

static void semblance_forward_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    int fd = semblance_terminal_state()->signal_fd;
    if (fd >= 0) {
        ssize_t written = write(fd, &byte, 1);
        (void)written;  // a full pipe already holds a wake-up
    }
    errno = saved;
}

static void semblance_crash_restore(int signo) {
    struct semblance_terminal_state *state = semblance_terminal_state();
    if (state->tty_fd >= 0) {
        if (state->termios_saved) tcsetattr(state->tty_fd, TCSANOW, &state->termios);
        ssize_t written = write(state->tty_fd, semblance_reset_sequence, sizeof semblance_reset_sequence - 1);
        (void)written;
    }
    signal(signo, SIG_DFL);
    raise(signo);
}

static const int semblance_forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH };
static const int semblance_crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };

/// Saves the terminal's modes (before curses changes them) for the crash handler.
static inline void semblance_save_terminal(int tty_fd) {
    struct semblance_terminal_state *state = semblance_terminal_state();
    state->tty_fd = tty_fd;
    state->termios_saved = tcgetattr(tty_fd, &state->termios) == 0;
}

/// Installs the handlers: forwarded signals go to `pipe_write_fd`. Returns 0 or -1 (errno set).
/// The signals are also unblocked on the calling thread: a parent (a test runner's worker
/// thread, say) may have spawned us with them blocked, and then resizes and SIGTERM would
/// never arrive.
static inline int semblance_install_signal_handlers(int pipe_write_fd) {
    semblance_terminal_state()->signal_fd = pipe_write_fd;
    sigset_t wanted;
    sigemptyset(&wanted);
    for (unsigned i = 0; i < sizeof semblance_forwarded_signals / sizeof(int); i++) {
        sigaddset(&wanted, semblance_forwarded_signals[i]);
    }
    if (pthread_sigmask(SIG_UNBLOCK, &wanted, NULL) != 0) return -1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = semblance_forward_signal;
    for (unsigned i = 0; i < sizeof semblance_forwarded_signals / sizeof(int); i++) {
        if (sigaction(semblance_forwarded_signals[i], &action, NULL) != 0) return -1;
    }
    action.sa_flags = SA_RESETHAND;
    action.sa_handler = semblance_crash_restore;
    for (unsigned i = 0; i < sizeof semblance_crash_signals / sizeof(int); i++) {
        if (sigaction(semblance_crash_signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

/// Puts every handler back to the default and forgets the pipe.
static inline void semblance_remove_signal_handlers(void) {
    for (unsigned i = 0; i < sizeof semblance_forwarded_signals / sizeof(int); i++) {
        signal(semblance_forwarded_signals[i], SIG_DFL);
    }
    for (unsigned i = 0; i < sizeof semblance_crash_signals / sizeof(int); i++) {
        signal(semblance_crash_signals[i], SIG_DFL);
    }
    struct semblance_terminal_state *state = semblance_terminal_state();
    state->signal_fd = -1;
    state->tty_fd = -1;
}

/// A close-on-exec, non-blocking pipe for the signal handlers. 0 or -1 (errno set).
static inline int semblance_make_signal_pipe(int descriptors[2]) {
    if (pipe(descriptors) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        int flags = fcntl(descriptors[i], F_GETFL);
        if (flags < 0 || fcntl(descriptors[i], F_SETFL, flags | O_NONBLOCK) != 0
            || fcntl(descriptors[i], F_SETFD, FD_CLOEXEC) != 0) {
            int saved = errno;
            close(descriptors[0]);
            close(descriptors[1]);
            errno = saved;
            return -1;
        }
    }
    return 0;
}

/// The terminal size from the kernel (curses' LINES/COLS lag behind a resize). 0 or -1.
static inline int semblance_window_size(int fd, int *rows, int *columns) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *rows = size.ws_row;
    *columns = size.ws_col;
    return 0;
}
#endif
