#ifndef CKERNELS_LANES_H
#define CKERNELS_LANES_H

// Shared by the kernel files. Arithmetic runs on 16 float lanes whatever the
// ISA (one AVX-512 register, two AVX2 or four SSE ones), so every clone does
// the same operations in the same order and rounds identically. Contraction
// into FMA is off: it would round differently on the clones that have FMA.
#pragma STDC FP_CONTRACT OFF

#include <string.h>
#include "ckernels.h"

#define CK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#define CK_LANES 16
/// Elements per float partial sum before it is added to a double total.
#define CK_BLOCK 1024

typedef float ck_vec __attribute__((ext_vector_type(16)));
typedef int ck_mask __attribute__((ext_vector_type(16)));

// Helpers on ck_vec are macros: a 64-byte vector may not cross a function
// boundary in the clones without AVX-512 (it would change the calling convention).
#define ck_load(p) ({ ck_vec ck_v_; memcpy(&ck_v_, (p), sizeof ck_v_); ck_v_; })
#define ck_store(p, v) do { ck_vec ck_s_ = (v); memcpy((p), &ck_s_, sizeof ck_s_); } while (0)
#define ck_splat(x) ((ck_vec)(float)(x))

/// Adding and subtracting 1.5·2^23 rounds to the nearest integer, ties to
/// even, in the default rounding mode for |v| < 2^22 — as Swift's reference
/// (`QuantGrid.roundHalfEven`) does; the clamp keeps |v| that small.
#define CK_MAGIC 12582912.0f
#define ck_round(v) ({ ck_vec ck_r_ = (v); (ck_r_ + ck_splat(CK_MAGIC)) - ck_splat(CK_MAGIC); })

static inline float ck_round1(float v) { return (v + CK_MAGIC) - CK_MAGIC; }

/// clamp(a, lo, hi) by compare-and-select (NaN passes through, as in the reference).
#define ck_clamp(a, lo, hi) ({                                   \
    ck_vec ck_c_ = (a);                                          \
    ck_c_ = ck_c_ < ck_splat(lo) ? ck_splat(lo) : ck_c_;         \
    ck_c_ > ck_splat(hi) ? ck_splat(hi) : ck_c_;                 \
})

static inline float ck_clamp1(float a, float lo, float hi) {
    float c = a < lo ? lo : a;
    return c > hi ? hi : c;
}

/// Lane sum in a fixed pairwise order.
#define ck_hsum(v) ({                                                \
    ck_vec ck_h_ = (v);                                              \
    __attribute__((ext_vector_type(8))) float ck_h8_ = ck_h_.lo + ck_h_.hi; \
    __attribute__((ext_vector_type(4))) float ck_h4_ = ck_h8_.lo + ck_h8_.hi; \
    __attribute__((ext_vector_type(2))) float ck_h2_ = ck_h4_.lo + ck_h4_.hi; \
    ck_h2_.x + ck_h2_.y;                                             \
})

/// Sixteen double lanes, for sums as precise as a scalar double loop (products
/// of two floats are exact in double; finite-difference checks rely on it).
typedef double ck_dvec __attribute__((ext_vector_type(16)));

#define ck_dsum(v) ({                                                  \
    ck_dvec ck_d_ = (v);                                               \
    __attribute__((ext_vector_type(8))) double ck_d8_ = ck_d_.lo + ck_d_.hi; \
    __attribute__((ext_vector_type(4))) double ck_d4_ = ck_d8_.lo + ck_d8_.hi; \
    __attribute__((ext_vector_type(2))) double ck_d2_ = ck_d4_.lo + ck_d4_.hi; \
    ck_d2_.x + ck_d2_.y;                                               \
})

#endif
