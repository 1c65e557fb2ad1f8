#include "lanes.h"

CK_CLONES void ck_add_scaled(float *y, const float *x, long n, float alpha) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) ck_store(y + i, ck_load(y + i) + alpha * ck_load(x + i));
    for (; i < n; i++) y[i] += alpha * x[i];
}

CK_CLONES void ck_add_scaled_into(const float *a, const float *b, float *y, long n, float alpha) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) ck_store(y + i, ck_load(a + i) + alpha * ck_load(b + i));
    for (; i < n; i++) y[i] = a[i] + alpha * b[i];
}

CK_CLONES void ck_scale(const float *x, float *y, long n, float factor) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) ck_store(y + i, ck_load(x + i) * factor);
    for (; i < n; i++) y[i] = x[i] * factor;
}

CK_CLONES double ck_dot(const float *a, const float *b, long n) {
    ck_dvec lanes = (ck_dvec)(0.0);
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES)
        lanes += __builtin_convertvector(ck_load(a + i), ck_dvec) * __builtin_convertvector(ck_load(b + i), ck_dvec);
    double total = ck_dsum(lanes);
    for (; i < n; i++) total += (double)a[i] * (double)b[i];
    return total;
}

CK_CLONES double ck_sum(const float *a, long n) {
    ck_dvec lanes = (ck_dvec)(0.0);
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) lanes += __builtin_convertvector(ck_load(a + i), ck_dvec);
    double total = ck_dsum(lanes);
    for (; i < n; i++) total += (double)a[i];
    return total;
}
