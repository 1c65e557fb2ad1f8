#ifndef CKERNELS_H
#define CKERNELS_H

// Element-wise kernels of the quantizers, activations, arithmetic and
// optimizers. Each is compiled for AVX-512F, AVX2 and baseline x86-64 and
// picked at load time (target_clones); every variant computes bit-identical
// results (fixed 16-lane arithmetic, no FMA contraction, fixed reduction
// order). Counts are element counts; pointers may be NULL when a count is 0.

/// One channel's grid: x ↦ round_half_even(clamp(x · inverse_scale, low, high)) · scale,
/// with low = qmin − zero point and high = qmax − zero point.
typedef struct {
    float scale;
    float inverse_scale;
    float low;
    float high;
} ck_grid;

/// The largest number of candidates the fused mixture kernels take.
#define CK_MIXTURE_MAX 16

// MARK: fake quantization. Element (o·channels + c)·inner + i uses grids[c].

/// y = Q(x).
void ck_fake_quant(const float *_Nullable x, float *_Nullable y, long outer, long channels, long inner,
                   const ck_grid *_Nullable grids);
/// y += weight · Q(x).
void ck_fake_quant_accumulate(const float *_Nullable x, float *_Nullable y, long outer, long channels, long inner,
                              const ck_grid *_Nullable grids, float weight);
/// The straight-through share weight · g where x·inverse_scale lies inside [low, high], else 0, added
/// into dx when `accumulate` is set, else stored (skipped when dx is NULL); returns ⟨g, Q(x)⟩.
double ck_fake_quant_backward(const float *_Nullable g, const float *_Nullable x, float *_Nullable dx,
                              int accumulate, long outer, long channels, long inner, const ck_grid *_Nullable grids, float weight);
/// y = Σ_k weights[k] · Q_k(x) for `count` ≤ CK_MIXTURE_MAX per-tensor grids.
void ck_fake_quant_mixture(const float *_Nullable x, float *_Nullable y, long n,
                           const ck_grid *_Nullable grids, const float *_Nullable weights, int count);
/// dx = g · Σ_k weights[k]·[x inside grid k] (skipped when dx is NULL) and inner[k] = ⟨g, Q_k(x)⟩.
void ck_fake_quant_mixture_backward(const float *_Nullable g, const float *_Nullable x, float *_Nullable dx, long n,
                                    const ck_grid *_Nullable grids, const float *_Nullable weights, int count,
                                    double *_Nullable inner);

// MARK: learnable quantizers

/// LSQ: the share weight · g strictly inside (low, high), else 0, into dx as in ck_fake_quant_backward;
/// step[c] += Σ g·t with t = low below, high above, round(a) − a inside (a = x · inverse_scale);
/// *inner_product (when not NULL) += ⟨g, Q(x)⟩.
void ck_lsq_backward(const float *_Nullable g, const float *_Nullable x, float *_Nullable dx, int accumulate,
                     long outer, long channels, long inner, const ck_grid *_Nullable grids, float weight,
                     double *_Nullable step, double *_Nullable inner_product);
/// PACT: the share weight · g where low ≤ x < clip, else 0, into dx as in ck_fake_quant_backward; returns Σ_{x ≥ clip} g
/// − (signed ? Σ_{x < low} g : 0); *inner_product (when not NULL) = ⟨g, Q(x)⟩ on `grid`.
double ck_pact_backward(const float *_Nullable g, const float *_Nullable x, float *_Nullable dx, int accumulate, long n,
                        float clip, float low, int is_signed, ck_grid grid, float weight,
                        double *_Nullable inner_product);

// MARK: activations (x and y may be the same buffer)

void ck_relu(const float *_Nullable x, float *_Nullable y, long n);
/// dx = g where y > 0, else 0.
void ck_relu_backward(const float *_Nullable g, const float *_Nullable y, float *_Nullable dx, long n);
void ck_relu6(const float *_Nullable x, float *_Nullable y, long n);
/// dx = g where 0 < x < 6, else 0.
void ck_relu6_backward(const float *_Nullable g, const float *_Nullable x, float *_Nullable dx, long n);
/// y = x where x > 0, else slope · x.
void ck_leaky_relu(const float *_Nullable x, float *_Nullable y, long n, float slope);
void ck_leaky_relu_backward(const float *_Nullable g, const float *_Nullable x, float *_Nullable dx, long n, float slope);

// MARK: arithmetic

/// y += alpha · x.
void ck_add_scaled(float *_Nullable y, const float *_Nullable x, long n, float alpha);
/// y = a + alpha · b (y may be a).
void ck_add_scaled_into(const float *_Nullable a, const float *_Nullable b, float *_Nullable y, long n, float alpha);
/// y = x · factor (y may be x).
void ck_scale(const float *_Nullable x, float *_Nullable y, long n, float factor);
/// Σ a·b, summed in double (16 lanes, then the tail).
double ck_dot(const float *_Nullable a, const float *_Nullable b, long n);
/// Σ a, summed in double (16 lanes, then the tail).
double ck_sum(const float *_Nullable a, long n);

// MARK: losses

/// grad = scale · (p − t); returns Σ (p − t)² summed in double.
double ck_mse(const float *_Nullable p, const float *_Nullable t, float *_Nullable grad, long n, float scale);
/// grad = scale · sign(p − t) (0 where equal); returns Σ |p − t| summed in double.
double ck_l1(const float *_Nullable p, const float *_Nullable t, float *_Nullable grad, long n, float scale);

// MARK: optimizers

/// One Adam step over n parameters; l2 is coupled weight decay (added to the gradient),
/// decay = lr · decoupled weight decay; c1, c2 are the bias corrections 1 − β^t.
void ck_adam(float *_Nullable p, const float *_Nullable g, float *_Nullable m, float *_Nullable v, long n,
             float lr, float beta1, float beta2, float epsilon, float c1, float c2, float l2, float decay);

#endif
