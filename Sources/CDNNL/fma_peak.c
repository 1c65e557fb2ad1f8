// The floating-point peak of one core: independent FMA chains in registers,
// in the widest vectors the CPU has (picked at run time, never at build time).
#include "cdnnl.h"

#include <immintrin.h>
#include <pthread.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// 12 accumulators hide the FMA latency (4 cycles × 2 pipes + slack).
#define CHAINS(OP) OP(0) OP(1) OP(2) OP(3) OP(4) OP(5) OP(6) OP(7) OP(8) OP(9) OP(10) OP(11)

__attribute__((target("avx512f"))) static float loop512(long iterations) {
    __m512 m = _mm512_set1_ps(0.999999f), a = _mm512_set1_ps(1e-7f);
#define DECL(i) __m512 x##i = _mm512_set1_ps((float)(i) * 0.01f);
#define STEP(i) x##i = _mm512_fmadd_ps(x##i, m, a);
#define SUM(i) s = _mm512_add_ps(s, x##i);
    CHAINS(DECL)
    for (long k = 0; k < iterations; k++) { CHAINS(STEP) }
    __m512 s = _mm512_setzero_ps();
    CHAINS(SUM)
    return _mm512_reduce_add_ps(s);
#undef DECL
#undef STEP
#undef SUM
}

__attribute__((target("avx2,fma"))) static float loop256(long iterations) {
    __m256 m = _mm256_set1_ps(0.999999f), a = _mm256_set1_ps(1e-7f);
#define DECL(i) __m256 x##i = _mm256_set1_ps((float)(i) * 0.01f);
#define STEP(i) x##i = _mm256_fmadd_ps(x##i, m, a);
#define SUM(i) s = _mm256_add_ps(s, x##i);
    CHAINS(DECL)
    for (long k = 0; k < iterations; k++) { CHAINS(STEP) }
    __m256 s = _mm256_setzero_ps();
    CHAINS(SUM)
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0] + out[1] + out[2] + out[3] + out[4] + out[5] + out[6] + out[7];
#undef DECL
#undef STEP
#undef SUM
}

static int lanes(void) {
    if (__builtin_cpu_supports("avx512f")) return 16;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 8;
    return 0;
}

static volatile float g_sink;

static double one_core(long iterations) {
    int width = lanes();
    double start = now();
    float r = width == 16 ? loop512(iterations) : width == 8 ? loop256(iterations) : 0;
    double elapsed = now() - start;
    g_sink = r;
    // Each chain step is one FMA (2 flops) per lane.
    return width ? 12.0 * 2.0 * width * (double)iterations / elapsed / 1e9 : 0;
}

typedef struct { long iterations; double gflops; } job;

static void *run_job(void *p) {
    job *j = p;
    j->gflops = one_core(j->iterations);
    return NULL;
}

double dqss_fma_peak_gflops(int threads, long iterations) {
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    job jobs[64];
    pthread_t ids[64];
    int running[64] = {0};
    for (int i = 1; i < threads; i++) {
        jobs[i] = (job){iterations, 0};
        running[i] = pthread_create(&ids[i], NULL, run_job, &jobs[i]) == 0;
    }
    jobs[0] = (job){iterations, 0};
    run_job(&jobs[0]);
    double total = jobs[0].gflops;
    for (int i = 1; i < threads; i++) {
        if (!running[i]) continue;
        pthread_join(ids[i], NULL);
        total += jobs[i].gflops;
    }
    return total;
}
