#include "lanes.h"

CK_CLONES void ck_add_scaled(float *y, const float *x, long n, float alpha) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) ck_store(y + i, ck_load(y + i) + alpha * ck_load(x + i));
    for (; i < n; i++) y[i] += alpha * x[i];
}

CK_CLONES void ck_add(const float *a, const float *b, float *y, long n) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) ck_store(y + i, ck_load(a + i) + ck_load(b + i));
    for (; i < n; i++) y[i] = a[i] + b[i];
}

CK_CLONES void ck_scale(float *y, long n, float factor) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) ck_store(y + i, ck_load(y + i) * factor);
    for (; i < n; i++) y[i] *= factor;
}

// Products of two floats are exact in double: the sums run in double lanes,
// as precise as a scalar double loop (finite-difference checks rely on it).
typedef double ck_dvec __attribute__((ext_vector_type(16)));

#define ck_dsum(v) ({                                                  \
    ck_dvec ck_d_ = (v);                                               \
    __attribute__((ext_vector_type(8))) double ck_d8_ = ck_d_.lo + ck_d_.hi; \
    __attribute__((ext_vector_type(4))) double ck_d4_ = ck_d8_.lo + ck_d8_.hi; \
    __attribute__((ext_vector_type(2))) double ck_d2_ = ck_d4_.lo + ck_d4_.hi; \
    ck_d2_.x + ck_d2_.y;                                               \
})

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
