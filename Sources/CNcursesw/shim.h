#ifndef SEMBLANCE_CNCURSESW_SHIM_H
#define SEMBLANCE_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags, so the wide-character API is switched on here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
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
#endif
