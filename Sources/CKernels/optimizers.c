#include "lanes.h"

CK_CLONES void ck_adam(float *p, const float *g, float *m, float *v, long n, float lr, float beta1, float beta2,
                       float epsilon, float c1, float c2, float l2, float decay) {
    const float k1 = 1 - beta1, k2 = 1 - beta2;
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec pv = ck_load(p + i);
        ck_vec gi = ck_load(g + i) + l2 * pv;
        ck_vec mv = beta1 * ck_load(m + i) + k1 * gi;
        ck_vec vv = beta2 * ck_load(v + i) + (k2 * gi) * gi;
        ck_vec mhat = mv / c1, vhat = vv / c2;
        ck_vec root = __builtin_elementwise_sqrt(vhat);
        ck_store(m + i, mv);
        ck_store(v + i, vv);
        ck_store(p + i, pv - ((lr * mhat) / (root + epsilon) + decay * pv));
    }
    for (; i < n; i++) {
        float gi = g[i] + l2 * p[i];
        m[i] = beta1 * m[i] + k1 * gi;
        v[i] = beta2 * v[i] + (k2 * gi) * gi;
        float mhat = m[i] / c1, vhat = v[i] / c2;
        p[i] -= (lr * mhat) / (__builtin_sqrtf(vhat) + epsilon) + decay * p[i];
    }
}
