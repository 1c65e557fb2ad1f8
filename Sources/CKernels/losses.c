#include "lanes.h"

CK_CLONES double ck_mse(const float *p, const float *t, float *grad, long n, float scale) {
    ck_dvec lanes = (ck_dvec)(0.0);
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec d = ck_load(p + i) - ck_load(t + i);
        ck_dvec dd = __builtin_convertvector(d, ck_dvec);
        lanes += dd * dd;
        ck_store(grad + i, scale * d);
    }
    double total = ck_dsum(lanes);
    for (; i < n; i++) {
        float d = p[i] - t[i];
        total += (double)d * (double)d;
        grad[i] = scale * d;
    }
    return total;
}

CK_CLONES double ck_l1(const float *p, const float *t, float *grad, long n, float scale) {
    ck_dvec lanes = (ck_dvec)(0.0);
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec d = ck_load(p + i) - ck_load(t + i);
        ck_vec magnitude = d < ck_splat(0) ? -d : d;
        lanes += __builtin_convertvector(magnitude, ck_dvec);
        ck_store(grad + i, d > ck_splat(0) ? ck_splat(scale) : (d < ck_splat(0) ? ck_splat(-scale) : ck_splat(0)));
    }
    double total = ck_dsum(lanes);
    for (; i < n; i++) {
        float d = p[i] - t[i];
        total += (double)(d < 0 ? -d : d);
        grad[i] = d > 0 ? scale : (d < 0 ? -scale : 0);
    }
    return total;
}
