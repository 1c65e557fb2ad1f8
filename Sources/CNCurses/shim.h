#ifndef DQSS_CNCURSES_SHIM_H
#define DQSS_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <stdio.h>
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
static inline int dqss_key_ppage(void) { return KEY_PPAGE; }
static inline int dqss_key_npage(void) { return KEY_NPAGE; }
static inline int dqss_key_home(void) { return KEY_HOME; }
static inline int dqss_key_end(void) { return KEY_END; }
static inline int dqss_key_enter(void) { return KEY_ENTER; }
static inline int dqss_err(void) { return ERR; }
static inline FILE *dqss_stdout(void) { return stdout; }
static inline FILE *dqss_stdin(void) { return stdin; }

// Draws one cell: up to 5 wide characters (a base and combining marks), attributes
// and an extended colour pair (passed through `opts`, so pairs above 255 work).
static inline int dqss_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cc;
    int p = pair;
    if (setcchar(&cc, wch, attrs, 0, &p) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}

// Reports every button press so a click selects without waiting for a release.
static inline void dqss_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
    mouseinterval(0);
}

// Reads a pending mouse event; returns 1 and the cell for a button-1 press or click.
static inline int dqss_mouse_click(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    if (!(e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) return 0;
    *x = e.x;
    *y = e.y;
    return 1;
}
#endif
