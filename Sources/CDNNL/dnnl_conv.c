#define _GNU_SOURCE
#include "cdnnl.h"

#include <sched.h>

#include <oneapi/dnnl/dnnl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// One CPU engine for the process; one stream per thread (streams are cheap
// and executing on another thread's stream is not allowed).
static dnnl_engine_t g_engine;
static dnnl_status_t g_engine_status = dnnl_runtime_error;
static pthread_once_t g_engine_once = PTHREAD_ONCE_INIT;
static _Thread_local dnnl_stream_t t_stream;
static _Thread_local char t_error[256];

static void make_engine(void) { g_engine_status = dnnl_engine_create(&g_engine, dnnl_cpu, 0); }

static dnnl_engine_t engine(void) {
    pthread_once(&g_engine_once, make_engine);
    return g_engine_status == dnnl_success ? g_engine : NULL;
}

static dnnl_stream_t stream(void) {
    if (!t_stream && engine()) {
        if (dnnl_stream_create(&t_stream, engine(), dnnl_stream_default_flags) != dnnl_success) t_stream = NULL;
    }
    return t_stream;
}

static int fail(dnnl_status_t s, const char *what) {
    snprintf(t_error, sizeof t_error, "oneDNN %s failed (status %d)", what, (int)s);
    return s == dnnl_success ? dnnl_runtime_error : (int)s;
}

#define CHECK(call, what)                                   \
    do {                                                    \
        dnnl_status_t _s = (call);                          \
        if (_s != dnnl_success) return fail(_s, what);      \
    } while (0)

const char *dqss_dnnl_last_error(void) { return t_error; }

// A weight tensor in dqss's plain order and, when the primitive prefers
// another layout, a reorder into a buffer of that layout.
typedef struct weight_path {
    dnnl_memory_desc_t prim_md;   // what the primitive wants
    int needs_reorder;
    dnnl_primitive_t reorder;     // user -> prim (or prim -> user for diff weights)
    void *buffer;                 // prim-layout storage when reordered
} weight_path;

typedef struct pass {
    dnnl_primitive_desc_t pd;
    dnnl_primitive_t prim;
    weight_path weights;
    void *scratch;                // user scratchpad memory
    size_t scratch_size;
} pass;

struct dqss_conv {
    dqss_conv_shape shape;
    dnnl_memory_desc_t src_md, dst_md, bias_md, user_weights_md, any_weights_md;
    dnnl_dims_t strides, dilates, pad_l, pad_r;
    pass passes[3];
    // Executions share the reorder buffers and scratchpads: one at a time.
    pthread_mutex_t lock;
};

static void destroy_pass(pass *p) {
    if (p->prim) dnnl_primitive_destroy(p->prim);
    if (p->pd) dnnl_primitive_desc_destroy(p->pd);
    if (p->weights.reorder) dnnl_primitive_destroy(p->weights.reorder);
    free(p->weights.buffer);
    free(p->scratch);
    memset(p, 0, sizeof *p);
}

void dqss_conv_destroy(dqss_conv *c) {
    if (!c) return;
    for (int i = 0; i < 3; i++) destroy_pass(&c->passes[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static int init_conv_desc(dqss_conv *c, int which, dnnl_convolution_desc_t *d) {
    const dnnl_memory_desc_t *bias = c->shape.has_bias ? &c->bias_md : NULL;
    switch (which) {
    case DQSS_CONV_FORWARD:
        CHECK(dnnl_dilated_convolution_forward_desc_init(d, dnnl_forward_training, dnnl_convolution_direct,
                                                         &c->src_md, &c->any_weights_md, bias, &c->dst_md,
                                                         c->strides, c->dilates, c->pad_l, c->pad_r),
              "convolution forward descriptor");
        break;
    case DQSS_CONV_BACKWARD_DATA:
        CHECK(dnnl_dilated_convolution_backward_data_desc_init(d, dnnl_convolution_direct, &c->src_md,
                                                               &c->any_weights_md, &c->dst_md, c->strides,
                                                               c->dilates, c->pad_l, c->pad_r),
              "convolution backward-data descriptor");
        break;
    default:
        CHECK(dnnl_dilated_convolution_backward_weights_desc_init(d, dnnl_convolution_direct, &c->src_md,
                                                                  &c->any_weights_md, bias, &c->dst_md,
                                                                  c->strides, c->dilates, c->pad_l, c->pad_r),
              "convolution backward-weights descriptor");
    }
    return 0;
}

static dnnl_query_t weights_query(int which) {
    return which == DQSS_CONV_BACKWARD_WEIGHTS ? dnnl_query_diff_weights_md : dnnl_query_weights_md;
}

// Builds pass `which` (forward first, since the backward ones need it as a hint).
static int build_pass(dqss_conv *c, int which) {
    pass *p = &c->passes[which];
    if (p->prim) return 0;
    if (which != DQSS_CONV_FORWARD) {
        int rc = build_pass(c, DQSS_CONV_FORWARD);
        if (rc) return rc;
    }
    dnnl_convolution_desc_t d;
    int rc = init_conv_desc(c, which, &d);
    if (rc) return rc;
    dnnl_primitive_attr_t attr;
    CHECK(dnnl_primitive_attr_create(&attr), "attribute creation");
    dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user);
    const_dnnl_primitive_desc_t hint = which == DQSS_CONV_FORWARD ? NULL : c->passes[DQSS_CONV_FORWARD].pd;
    dnnl_status_t s = dnnl_primitive_desc_create(&p->pd, &d, attr, engine(), hint);
    dnnl_primitive_attr_destroy(attr);
    if (s != dnnl_success) { p->pd = NULL; return fail(s, "convolution primitive descriptor"); }
    CHECK(dnnl_primitive_create(&p->prim, p->pd), "convolution primitive");

    const dnnl_memory_desc_t *scratch = dnnl_primitive_desc_query_md(p->pd, dnnl_query_scratchpad_md, 0);
    p->scratch_size = scratch ? dnnl_memory_desc_get_size(scratch) : 0;
    if (p->scratch_size) {
        p->scratch = aligned_alloc(64, (p->scratch_size + 63) / 64 * 64);
        if (!p->scratch) return fail(dnnl_out_of_memory, "scratchpad allocation");
    }

    const dnnl_memory_desc_t *wmd = dnnl_primitive_desc_query_md(p->pd, weights_query(which), 0);
    p->weights.prim_md = *wmd;
    p->weights.needs_reorder = !dnnl_memory_desc_equal(wmd, &c->user_weights_md);
    if (p->weights.needs_reorder) {
        size_t size = dnnl_memory_desc_get_size(wmd);
        p->weights.buffer = aligned_alloc(64, (size + 63) / 64 * 64);
        if (!p->weights.buffer) return fail(dnnl_out_of_memory, "weight buffer allocation");
        const dnnl_memory_desc_t *from = which == DQSS_CONV_BACKWARD_WEIGHTS ? wmd : &c->user_weights_md;
        const dnnl_memory_desc_t *to = which == DQSS_CONV_BACKWARD_WEIGHTS ? &c->user_weights_md : wmd;
        dnnl_primitive_desc_t rpd;
        CHECK(dnnl_reorder_primitive_desc_create(&rpd, from, engine(), to, engine(), NULL), "weight reorder descriptor");
        s = dnnl_primitive_create(&p->weights.reorder, rpd);
        dnnl_primitive_desc_destroy(rpd);
        CHECK(s, "weight reorder");
    }
    return 0;
}

int dqss_conv_create(const dqss_conv_shape *sh, dqss_conv **out, char *err, size_t err_len) {
    *out = NULL;
    if (!engine()) {
        snprintf(err, err_len, "oneDNN could not create a CPU engine");
        return dnnl_runtime_error;
    }
    dqss_conv *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, err_len, "out of memory");
        return dnnl_out_of_memory;
    }
    c->shape = *sh;
    pthread_mutex_init(&c->lock, NULL);
    dnnl_dims_t src = {sh->batch, sh->in_channels, sh->in_h, sh->in_w};
    dnnl_dims_t dst = {sh->batch, sh->out_channels, sh->out_h, sh->out_w};
    dnnl_dims_t bias = {sh->out_channels};
    dnnl_status_t s = dnnl_memory_desc_init_by_tag(&c->src_md, 4, src, dnnl_f32, dnnl_nhwc);
    if (s == dnnl_success) s = dnnl_memory_desc_init_by_tag(&c->dst_md, 4, dst, dnnl_f32, dnnl_nhwc);
    if (s == dnnl_success) s = dnnl_memory_desc_init_by_tag(&c->bias_md, 1, bias, dnnl_f32, dnnl_x);
    if (s == dnnl_success) {
        if (sh->groups > 1) {
            dnnl_dims_t w = {sh->groups, sh->out_channels / sh->groups, sh->in_channels / sh->groups,
                             sh->kernel_h, sh->kernel_w};
            s = dnnl_memory_desc_init_by_tag(&c->user_weights_md, 5, w, dnnl_f32, dnnl_goihw);
            if (s == dnnl_success) s = dnnl_memory_desc_init_by_tag(&c->any_weights_md, 5, w, dnnl_f32, dnnl_format_tag_any);
        } else {
            dnnl_dims_t w = {sh->out_channels, sh->in_channels, sh->kernel_h, sh->kernel_w};
            s = dnnl_memory_desc_init_by_tag(&c->user_weights_md, 4, w, dnnl_f32, dnnl_oihw);
            if (s == dnnl_success) s = dnnl_memory_desc_init_by_tag(&c->any_weights_md, 4, w, dnnl_f32, dnnl_format_tag_any);
        }
    }
    c->strides[0] = sh->stride_h; c->strides[1] = sh->stride_w;
    c->dilates[0] = sh->dilation_h - 1; c->dilates[1] = sh->dilation_w - 1;
    c->pad_l[0] = sh->pad_top; c->pad_l[1] = sh->pad_left;
    c->pad_r[0] = sh->pad_bottom; c->pad_r[1] = sh->pad_right;
    int rc = s == dnnl_success ? build_pass(c, DQSS_CONV_FORWARD) : fail(s, "memory descriptor");
    if (rc) {
        snprintf(err, err_len, "%s", t_error);
        dqss_conv_destroy(c);
        return rc;
    }
    *out = c;
    return 0;
}

// Wraps a caller's buffer in a oneDNN memory object (no copy).
static int wrap(const dnnl_memory_desc_t *md, const void *data, dnnl_memory_t *m) {
    CHECK(dnnl_memory_create(m, md, engine(), (void *)data), "memory object");
    return 0;
}

typedef struct args {
    dnnl_exec_arg_t a[8];
    int n;
} args;

static int add(args *list, int arg, const dnnl_memory_desc_t *md, const void *data) {
    dnnl_memory_t m;
    int rc = wrap(md, data, &m);
    if (rc) return rc;
    list->a[list->n].arg = arg;
    list->a[list->n].memory = m;
    list->n++;
    return 0;
}

static void release(args *list) {
    for (int i = 0; i < list->n; i++) dnnl_memory_destroy(list->a[i].memory);
    list->n = 0;
}

static int reorder(dnnl_primitive_t r, const dnnl_memory_desc_t *from_md, const void *from,
                   const dnnl_memory_desc_t *to_md, void *to) {
    args list = {.n = 0};
    int rc = add(&list, DNNL_ARG_FROM, from_md, from);
    if (!rc) rc = add(&list, DNNL_ARG_TO, to_md, to);
    if (!rc) {
        dnnl_status_t s = dnnl_primitive_execute(r, stream(), list.n, list.a);
        if (s == dnnl_success) s = dnnl_stream_wait(stream());
        if (s != dnnl_success) rc = fail(s, "weight reorder");
    }
    release(&list);
    return rc;
}

static int run(dqss_conv *c, int which, args *list) {
    pass *p = &c->passes[which];
    int rc = 0;
    if (p->scratch_size) {
        const dnnl_memory_desc_t *smd = dnnl_primitive_desc_query_md(p->pd, dnnl_query_scratchpad_md, 0);
        rc = add(list, DNNL_ARG_SCRATCHPAD, smd, p->scratch);
    }
    if (!rc) {
        dnnl_status_t s = dnnl_primitive_execute(p->prim, stream(), list->n, list->a);
        if (s == dnnl_success) s = dnnl_stream_wait(stream());
        if (s != dnnl_success) rc = fail(s, "convolution execution");
    }
    release(list);
    return rc;
}

static int begin(dqss_conv *c, int which) {
    if (!stream()) return fail(dnnl_runtime_error, "stream creation");
    pthread_mutex_lock(&c->lock);
    int rc = build_pass(c, which);
    if (rc) pthread_mutex_unlock(&c->lock);
    return rc;
}

int dqss_conv_forward(dqss_conv *c, const float *src, const float *weights, const float *bias, float *dst) {
    int rc = begin(c, DQSS_CONV_FORWARD);
    if (rc) return rc;
    pass *p = &c->passes[DQSS_CONV_FORWARD];
    const void *w = weights;
    if (p->weights.needs_reorder) {
        rc = reorder(p->weights.reorder, &c->user_weights_md, weights, &p->weights.prim_md, p->weights.buffer);
        w = p->weights.buffer;
    }
    args list = {.n = 0};
    if (!rc) rc = add(&list, DNNL_ARG_SRC, &c->src_md, src);
    if (!rc) rc = add(&list, DNNL_ARG_WEIGHTS, &p->weights.prim_md, w);
    if (!rc && c->shape.has_bias) rc = add(&list, DNNL_ARG_BIAS, &c->bias_md, bias);
    if (!rc) rc = add(&list, DNNL_ARG_DST, &c->dst_md, dst);
    rc = rc ? (release(&list), rc) : run(c, DQSS_CONV_FORWARD, &list);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

int dqss_conv_backward_data(dqss_conv *c, const float *diff_dst, const float *weights, float *diff_src) {
    int rc = begin(c, DQSS_CONV_BACKWARD_DATA);
    if (rc) return rc;
    pass *p = &c->passes[DQSS_CONV_BACKWARD_DATA];
    const void *w = weights;
    if (p->weights.needs_reorder) {
        rc = reorder(p->weights.reorder, &c->user_weights_md, weights, &p->weights.prim_md, p->weights.buffer);
        w = p->weights.buffer;
    }
    args list = {.n = 0};
    if (!rc) rc = add(&list, DNNL_ARG_DIFF_DST, &c->dst_md, diff_dst);
    if (!rc) rc = add(&list, DNNL_ARG_WEIGHTS, &p->weights.prim_md, w);
    if (!rc) rc = add(&list, DNNL_ARG_DIFF_SRC, &c->src_md, diff_src);
    rc = rc ? (release(&list), rc) : run(c, DQSS_CONV_BACKWARD_DATA, &list);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

int dqss_conv_backward_weights(dqss_conv *c, const float *src, const float *diff_dst, float *diff_weights,
                               float *diff_bias) {
    int rc = begin(c, DQSS_CONV_BACKWARD_WEIGHTS);
    if (rc) return rc;
    pass *p = &c->passes[DQSS_CONV_BACKWARD_WEIGHTS];
    void *w = p->weights.needs_reorder ? p->weights.buffer : diff_weights;
    args list = {.n = 0};
    rc = add(&list, DNNL_ARG_SRC, &c->src_md, src);
    if (!rc) rc = add(&list, DNNL_ARG_DIFF_DST, &c->dst_md, diff_dst);
    if (!rc) rc = add(&list, DNNL_ARG_DIFF_WEIGHTS, &p->weights.prim_md, w);
    if (!rc && c->shape.has_bias) rc = add(&list, DNNL_ARG_DIFF_BIAS, &c->bias_md, diff_bias);
    rc = rc ? (release(&list), rc) : run(c, DQSS_CONV_BACKWARD_WEIGHTS, &list);
    if (!rc && p->weights.needs_reorder)
        rc = reorder(p->weights.reorder, &p->weights.prim_md, p->weights.buffer, &c->user_weights_md, diff_weights);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

const char *dqss_conv_impl(dqss_conv *c, int which) {
    if (which < 0 || which > 2 || !c->passes[which].pd) return "";
    const char *info = NULL;
    if (dnnl_primitive_desc_query(c->passes[which].pd, dnnl_query_impl_info_str, 0, &info) != dnnl_success || !info)
        return "";
    return info;
}

const char *dqss_dnnl_isa_name(void) {
    switch (dnnl_get_effective_cpu_isa()) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx512_mic: return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    default: return "generic";
    }
}

static char g_version[32];
static pthread_once_t g_version_once = PTHREAD_ONCE_INIT;

static void fill_version(void) {
    const dnnl_version_t *v = dnnl_version();
    snprintf(g_version, sizeof g_version, "%d.%d.%d", v->major, v->minor, v->patch);
}

const char *dqss_dnnl_version(void) {
    pthread_once(&g_version_once, fill_version);
    return g_version;
}

// oneDNN's OpenMP runtime, reached without linking OpenMP ourselves.
extern int omp_get_max_threads(void) __attribute__((weak));
extern void omp_set_num_threads(int) __attribute__((weak));

int dqss_dnnl_max_threads(void) { return omp_get_max_threads ? omp_get_max_threads() : 1; }

void dqss_dnnl_set_threads(int threads) {
    if (omp_set_num_threads && threads > 0) omp_set_num_threads(threads);
}

int dqss_available_cores(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? n : 1;
}
