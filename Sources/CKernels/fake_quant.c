#include "lanes.h"

/// One run of fake quantization: y = Q(x) or y += w · Q(x).
static inline __attribute__((always_inline)) void quantize_run(const float *x, float *y, long n, ck_grid g,
                                                                int accumulate, float w) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec q = ck_round(ck_clamp(ck_load(x + i) * g.inverse_scale, g.low, g.high)) * g.scale;
        ck_store(y + i, accumulate ? ck_load(y + i) + w * q : q);
    }
    for (; i < n; i++) {
        float q = ck_round1(ck_clamp1(x[i] * g.inverse_scale, g.low, g.high)) * g.scale;
        y[i] = accumulate ? y[i] + w * q : q;
    }
}

CK_CLONES void ck_fake_quant(const float *x, float *y, long outer, long channels, long inner, const ck_grid *grids) {
    for (long o = 0; o < outer; o++)
        for (long c = 0; c < channels; c++) {
            long base = (o * channels + c) * inner;
            quantize_run(x + base, y + base, inner, grids[c], 0, 0);
        }
}

CK_CLONES void ck_fake_quant_accumulate(const float *x, float *y, long outer, long channels, long inner,
                                        const ck_grid *grids, float weight) {
    for (long o = 0; o < outer; o++)
        for (long c = 0; c < channels; c++) {
            long base = (o * channels + c) * inner;
            quantize_run(x + base, y + base, inner, grids[c], 1, weight);
        }
}

/// One run of the straight-through backward; returns ⟨g, codes⟩ (not yet times the scale).
static inline __attribute__((always_inline)) double backward_run(const float *g, const float *x, float *dx, long n,
                                                                  ck_grid grid, float w, int accumulate) {
    double total = 0;
    for (long start = 0; start < n; start += CK_BLOCK) {
        long stop = start + CK_BLOCK < n ? start + CK_BLOCK : n;
        ck_vec lanes = ck_splat(0);
        long i = start;
        for (; i + CK_LANES <= stop; i += CK_LANES) {
            ck_vec a = ck_load(x + i) * grid.inverse_scale, gv = ck_load(g + i);
            lanes += gv * ck_round(ck_clamp(a, grid.low, grid.high));
            if (dx) {
                ck_mask outside = (a < ck_splat(grid.low)) | (a > ck_splat(grid.high));
                ck_vec share = outside ? ck_splat(0) : w * gv;
                ck_store(dx + i, accumulate ? ck_load(dx + i) + share : share);
            }
        }
        float dot = ck_hsum(lanes);
        for (; i < stop; i++) {
            float a = x[i] * grid.inverse_scale;
            dot += g[i] * ck_round1(ck_clamp1(a, grid.low, grid.high));
            if (dx) {
                float share = (a < grid.low || a > grid.high) ? 0 : w * g[i];
                dx[i] = accumulate ? dx[i] + share : share;
            }
        }
        total += (double)dot;
    }
    return total;
}

CK_CLONES double ck_fake_quant_backward(const float *g, const float *x, float *dx, int accumulate, long outer,
                                        long channels, long inner, const ck_grid *grids, float weight) {
    double total = 0;
    for (long o = 0; o < outer; o++)
        for (long c = 0; c < channels; c++) {
            long base = (o * channels + c) * inner;
            total += backward_run(g + base, x + base, dx ? dx + base : 0, inner, grids[c], weight, accumulate) *
                     (double)grids[c].scale;
        }
    return total;
}

CK_CLONES void ck_fake_quant_mixture(const float *x, float *y, long n, const ck_grid *grids, const float *weights,
                                     int count) {
    long i = 0;
    for (; i + CK_LANES <= n; i += CK_LANES) {
        ck_vec v = ck_load(x + i), acc = ck_splat(0);
        for (int k = 0; k < count; k++) {
            ck_grid g = grids[k];
            acc += weights[k] * (ck_round(ck_clamp(v * g.inverse_scale, g.low, g.high)) * g.scale);
        }
        ck_store(y + i, acc);
    }
    for (; i < n; i++) {
        float acc = 0;
        for (int k = 0; k < count; k++) {
            ck_grid g = grids[k];
            acc += weights[k] * (ck_round1(ck_clamp1(x[i] * g.inverse_scale, g.low, g.high)) * g.scale);
        }
        y[i] = acc;
    }
}

CK_CLONES void ck_fake_quant_mixture_backward(const float *g, const float *x, float *dx, long n,
                                              const ck_grid *grids, const float *weights, int count, double *inner) {
    ck_vec lanes[CK_MIXTURE_MAX];
    float partial[CK_MIXTURE_MAX];
    for (int k = 0; k < count; k++) inner[k] = 0;
    for (long start = 0; start < n; start += CK_BLOCK) {
        long stop = start + CK_BLOCK < n ? start + CK_BLOCK : n;
        for (int k = 0; k < count; k++) {
            lanes[k] = ck_splat(0);
            partial[k] = 0;
        }
        long i = start;
        for (; i + CK_LANES <= stop; i += CK_LANES) {
            ck_vec v = ck_load(x + i), gv = ck_load(g + i), pass = ck_splat(0);
            for (int k = 0; k < count; k++) {
                ck_grid q = grids[k];
                ck_vec a = v * q.inverse_scale;
                lanes[k] += gv * ck_round(ck_clamp(a, q.low, q.high));
                ck_mask outside = (a < ck_splat(q.low)) | (a > ck_splat(q.high));
                pass += outside ? ck_splat(0) : ck_splat(weights[k]);
            }
            if (dx) ck_store(dx + i, gv * pass);
        }
        for (; i < stop; i++) {
            float pass = 0;
            for (int k = 0; k < count; k++) {
                ck_grid q = grids[k];
                float a = x[i] * q.inverse_scale;
                partial[k] += g[i] * ck_round1(ck_clamp1(a, q.low, q.high));
                pass += (a < q.low || a > q.high) ? 0 : weights[k];
            }
            if (dx) dx[i] = g[i] * pass;
        }
        for (int k = 0; k < count; k++) inner[k] += (double)(ck_hsum(lanes[k]) + partial[k]) * (double)grids[k].scale;
    }
}
