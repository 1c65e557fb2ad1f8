#include "lanes.h"

CK_CLONES void ck_relu(const float *x, float *y, long n) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec v = ck_load(x + i);
        ck_store(y + i, v < ck_splat(0) ? ck_splat(0) : v);
    }
    for (; i < n; i++) y[i] = x[i] < 0 ? 0 : x[i];
}

CK_CLONES void ck_relu_backward(const float *g, const float *y, float *dx, long n) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec gv = ck_load(g + i);
        ck_store(dx + i, ck_load(y + i) <= ck_splat(0) ? ck_splat(0) : gv);
    }
    for (; i < n; i++) dx[i] = y[i] <= 0 ? 0 : g[i];
}

CK_CLONES void ck_relu6(const float *x, float *y, long n) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        // Swift.min(Swift.max(v, 0), 6) as selects: max(v, 0) is (0 >= v ? 0 : v), min(m, 6) is (6 < m ? 6 : m).
        ck_vec v = ck_load(x + i);
        ck_vec m = ck_splat(0) >= v ? ck_splat(0) : v;
        ck_store(y + i, ck_splat(6) < m ? ck_splat(6) : m);
    }
    for (; i < n; i++) {
        float m = 0 >= x[i] ? 0 : x[i];
        y[i] = 6 < m ? 6 : m;
    }
}

CK_CLONES void ck_relu6_backward(const float *g, const float *x, float *dx, long n) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec v = ck_load(x + i), gv = ck_load(g + i);
        ck_store(dx + i, (v > ck_splat(0) & v < ck_splat(6)) ? gv : ck_splat(0));
    }
    for (; i < n; i++) dx[i] = (x[i] > 0 && x[i] < 6) ? g[i] : 0;
}

CK_CLONES void ck_leaky_relu(const float *x, float *y, long n, float slope) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec v = ck_load(x + i);
        ck_store(y + i, v <= ck_splat(0) ? v * slope : v);
    }
    for (; i < n; i++) y[i] = x[i] <= 0 ? x[i] * slope : x[i];
}

CK_CLONES void ck_leaky_relu_backward(const float *g, const float *x, float *dx, long n, float slope) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec gv = ck_load(g + i);
        ck_store(dx + i, ck_load(x + i) <= ck_splat(0) ? gv * slope : gv);
    }
    for (; i < n; i++) dx[i] = x[i] <= 0 ? g[i] * slope : g[i];
}
