// oneDNN convolution primitives for dqss: activations NHWC, weights in the
// plain OIHW order dqss stores (GOIHW for grouped layers, the same bytes).
// Primitive descriptors and primitives are built once per geometry and kept
// in a dqss_conv; weights are reordered into the layout oneDNN prefers on
// every call (they change every step during a search).
#ifndef DQSS_CDNNL_H
#define DQSS_CDNNL_H

#include <stddef.h>
#include <stdint.h>

typedef struct dqss_conv_shape {
    int64_t batch, in_channels, in_h, in_w;
    int64_t out_channels, out_h, out_w;
    int64_t kernel_h, kernel_w;
    int64_t stride_h, stride_w;
    int64_t pad_top, pad_left, pad_bottom, pad_right;
    int64_t dilation_h, dilation_w;   // 1 = dense
    int64_t groups;
    int has_bias;
} dqss_conv_shape;

typedef struct dqss_conv dqss_conv;

enum { DQSS_CONV_FORWARD = 0, DQSS_CONV_BACKWARD_DATA = 1, DQSS_CONV_BACKWARD_WEIGHTS = 2 };

/// Builds the forward primitive (backward ones lazily). Returns 0, or a
/// oneDNN status with a message in err.
int dqss_conv_create(const dqss_conv_shape *shape, dqss_conv **out, char *err, size_t err_len);
void dqss_conv_destroy(dqss_conv *conv);

/// dst = conv(src, weights) + bias. bias may be NULL only when has_bias == 0.
int dqss_conv_forward(dqss_conv *conv, const float *src, const float *weights, const float *bias, float *dst);
/// diff_src = conv_backward_data(diff_dst, weights) (overwrites diff_src).
int dqss_conv_backward_data(dqss_conv *conv, const float *diff_dst, const float *weights, float *diff_src);
/// diff_weights (and diff_bias when has_bias) from src and diff_dst (overwritten, not accumulated).
int dqss_conv_backward_weights(dqss_conv *conv, const float *src, const float *diff_dst,
                               float *diff_weights, float *diff_bias);

/// The implementation oneDNN chose for a pass ("brgconv:avx2", ...), or "" before it was built.
const char *dqss_conv_impl(dqss_conv *conv, int pass);

/// The instruction set oneDNN dispatches to on this CPU ("avx512_core", "avx2", ...).
const char *dqss_dnnl_isa_name(void);
/// oneDNN's version string, e.g. "2.6.3".
const char *dqss_dnnl_version(void);
/// Threads oneDNN's OpenMP runtime will use.
int dqss_dnnl_max_threads(void);
/// Sets them (for the bench's one-core peak); ignored when OpenMP is absent.
void dqss_dnnl_set_threads(int threads);

/// Sum over `threads` threads of each one's FMA throughput (GFLOP/s) in the
/// widest vector unit the CPU has (AVX-512 or AVX2+FMA; 0 without either),
/// `iterations` steps of 12 independent FMA chains per thread.
double dqss_fma_peak_gflops(int threads, long iterations);

/// Cores this process may run on (its CPU affinity mask), at least 1.
int dqss_available_cores(void);

/// Last error of the calling thread from any call above ("" if none).
const char *dqss_dnnl_last_error(void);

#endif
