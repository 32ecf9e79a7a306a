#include "terminal_signals.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

// Read by the handlers; written only while they are not installed (or, for the pipe, as one
// int store), so plain volatile storage is enough.
static volatile int signal_fd = -1;
static volatile int tty_fd = -1;
static volatile int termios_saved = 0;
static struct termios saved_termios;

static const char reset_sequence[] =
    "\033[?1000l\033[?1002l\033[?1006l\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static void forward_signal(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    int fd = signal_fd;
    if (fd >= 0) {
        ssize_t written = write(fd, &byte, 1);
        (void)written;  // a full pipe already holds a wake-up
    }
    errno = saved;
}

static void crash_restore(int signo) {
    int fd = tty_fd;
    if (fd >= 0) {
        if (termios_saved) tcsetattr(fd, TCSANOW, &saved_termios);
        ssize_t written = write(fd, reset_sequence, sizeof reset_sequence - 1);
        (void)written;
    }
    signal(signo, SIG_DFL);
    raise(signo);
}

void terminal_signals_save_terminal(int fd) {
    tty_fd = fd;
    termios_saved = tcgetattr(fd, &saved_termios) == 0;
}

static int install_forwarding(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = forward_signal;
    return sigaction(signo, &action, NULL);
}

int terminal_signals_install(int pipe_write_fd) {
    signal_fd = pipe_write_fd;
    sigset_t wanted;
    sigemptyset(&wanted);
    for (unsigned i = 0; i < COUNT(forwarded_signals); i++) sigaddset(&wanted, forwarded_signals[i]);
    if (pthread_sigmask(SIG_UNBLOCK, &wanted, NULL) != 0) return -1;
    for (unsigned i = 0; i < COUNT(forwarded_signals); i++) {
        if (install_forwarding(forwarded_signals[i]) != 0) return -1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    action.sa_handler = crash_restore;
    for (unsigned i = 0; i < COUNT(crash_signals); i++) {
        if (sigaction(crash_signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

void terminal_signals_remove(void) {
    for (unsigned i = 0; i < COUNT(forwarded_signals); i++) signal(forwarded_signals[i], SIG_DFL);
    for (unsigned i = 0; i < COUNT(crash_signals); i++) signal(crash_signals[i], SIG_DFL);
    signal_fd = -1;
    tty_fd = -1;
}

int terminal_signals_suspend_self(void) {
    // The default action of SIGTSTP stops the process; ours only wrote to the pipe.
    if (signal(SIGTSTP, SIG_DFL) == SIG_ERR) return -1;
    sigset_t tstp;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, NULL);
    int fd = tty_fd;
    pid_t foreground = fd >= 0 ? tcgetpgrp(fd) : -1;
    if (terminal_signals_stops_whole_group(getpgrp(), foreground)) {
        // The whole process group, as the terminal's own Ctrl-Z would: a wrapper script stops
        // with us, so the shell sees its job stopped (and `fg` continues both).
        if (kill(0, SIGTSTP) != 0) raise(SIGSTOP);  // returns after SIGCONT
    } else {
        // Our group is not the terminal's foreground job (a test runner or an editor shares
        // it): stopping the group would stop them too. SIGSTOP, since a stop signal from the
        // terminal driver's family may be discarded in an orphaned group.
        raise(SIGSTOP);  // returns after SIGCONT
    }
    return install_forwarding(SIGTSTP);
}

int terminal_signals_stops_whole_group(pid_t own_group, pid_t foreground_group) {
    return own_group > 0 && foreground_group > 0 && own_group == foreground_group;
}

int terminal_signals_make_pipe(int descriptors[2]) {
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

int terminal_signals_window_size(int fd, int *rows, int *columns) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *rows = size.ws_row;
    *columns = size.ws_col;
    return 0;
}
