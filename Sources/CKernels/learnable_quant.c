#include "lanes.h"

CK_CLONES void ck_lsq_backward(const float *g, const float *x, float *dx, int accumulate, long outer, long channels, long inner,
                               const ck_grid *grids, float weight, double *step, double *inner_product) {
    double dot_total = 0;
    for (long o = 0; o < outer; o++)
        for (long c = 0; c < channels; c++) {
            long base = (o * channels + c) * inner;
            const float *gp = g + base, *xp = x + base;
            float *dp = dx ? dx + base : 0;
            ck_grid q = grids[c];
            double step_total = 0, dot_run = 0;
            for (long start = 0; start < inner; start += CK_BLOCK) {
                long stop = start + CK_BLOCK < inner ? start + CK_BLOCK : inner;
                ck_vec lanes = ck_splat(0), dots = ck_splat(0);
                long i = start;
                for (; i + CK_LANES <= stop; i += CK_LANES) {
                    ck_vec a = ck_load(xp + i) * q.inverse_scale, gv = ck_load(gp + i);
                    ck_mask below = a <= ck_splat(q.low), above = a >= ck_splat(q.high);
                    ck_vec r = ck_round(ck_clamp(a, q.low, q.high));
                    ck_vec term = below ? ck_splat(q.low) : (above ? ck_splat(q.high) : r - a);
                    lanes += gv * term;
                    dots += gv * r;
                    if (dp) {
                        ck_vec share = (below | above) ? ck_splat(0) : weight * gv;
                        ck_store(dp + i, accumulate ? ck_load(dp + i) + share : share);
                    }
                }
                float acc = ck_hsum(lanes), dot = ck_hsum(dots);
                for (; i < stop; i++) {
                    float a = xp[i] * q.inverse_scale, gi = gp[i];
                    float r = ck_round1(ck_clamp1(a, q.low, q.high));
                    int below = a <= q.low, above = a >= q.high;
                    acc += gi * (below ? q.low : (above ? q.high : r - a));
                    dot += gi * r;
                    if (dp) {
                        float share = (below || above) ? 0 : weight * gi;
                        dp[i] = accumulate ? dp[i] + share : share;
                    }
                }
                step_total += (double)acc;
                dot_run += (double)dot;
            }
            if (step) step[c] += step_total;
            dot_total += dot_run * (double)q.scale;
        }
    if (inner_product) *inner_product += dot_total;
}

CK_CLONES double ck_pact_backward(const float *g, const float *x, float *dx, int accumulate, long n, float clip, float low,
                                  int is_signed, ck_grid grid, float weight, double *inner_product) {
    double clip_total = 0, dot_total = 0;
    const ck_mask signed_below = (ck_mask)(is_signed ? -1 : 0);
    for (long start = 0; start < n; start += CK_BLOCK) {
        long stop = start + CK_BLOCK < n ? start + CK_BLOCK : n;
        ck_vec lanes = ck_splat(0), dots = ck_splat(0);
        long i = start;
        for (; i + CK_LANES <= stop; i += CK_LANES) {
            ck_vec v = ck_load(x + i), gv = ck_load(g + i);
            ck_mask above = v >= ck_splat(clip), below = v < ck_splat(low);
            lanes += above ? gv : ((below & signed_below) ? -gv : ck_splat(0));
            dots += gv * ck_round(ck_clamp(v * grid.inverse_scale, grid.low, grid.high));
            if (dx) {
                ck_vec share = (above | below) ? ck_splat(0) : weight * gv;
                ck_store(dx + i, accumulate ? ck_load(dx + i) + share : share);
            }
        }
        float acc = ck_hsum(lanes), dot = ck_hsum(dots);
        for (; i < stop; i++) {
            float v = x[i], gi = g[i];
            int above = v >= clip, below = v < low;
            if (above) acc += gi;
            else if (below && is_signed) acc -= gi;
            dot += gi * ck_round1(ck_clamp1(v * grid.inverse_scale, grid.low, grid.high));
            if (dx) {
                float share = (above || below) ? 0 : weight * gi;
                dx[i] = accumulate ? dx[i] + share : share;
            }
        }
        clip_total += (double)acc;
        dot_total += (double)dot;
    }
    if (inner_product) *inner_product = dot_total * (double)grid.scale;
    return clip_total;
}
