#ifndef DQSS_CNCURSES_SHIM_H
#define DQSS_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Globals and macros that Swift cannot import safely, exposed as functions.
static inline WINDOW *dqss_stdscr(void) { return stdscr; }
static inline int dqss_lines(void) { return LINES; }
static inline int dqss_cols(void) { return COLS; }
static inline int dqss_colors(void) { return COLORS; }
static inline int dqss_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t dqss_a_bold(void) { return A_BOLD; }
static inline attr_t dqss_a_reverse(void) { return A_REVERSE; }
static inline attr_t dqss_a_underline(void) { return A_UNDERLINE; }
static inline attr_t dqss_a_dim(void) { return A_DIM; }
static inline attr_t dqss_a_normal(void) { return A_NORMAL; }
static inline attr_t dqss_color_pair(int n) { return COLOR_PAIR(n); }
static inline int dqss_key_resize(void) { return KEY_RESIZE; }
static inline int dqss_key_mouse(void) { return KEY_MOUSE; }
static inline int dqss_key_up(void) { return KEY_UP; }
static inline int dqss_key_down(void) { return KEY_DOWN; }
static inline int dqss_key_left(void) { return KEY_LEFT; }
static inline int dqss_key_right(void) { return KEY_RIGHT; }
static inline int dqss_err(void) { return ERR; }
#endif
