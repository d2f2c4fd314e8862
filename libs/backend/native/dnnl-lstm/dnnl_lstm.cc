// One-layer unidirectional LSTM on oneDNN's fused RNN primitive (Debian libdnnl-dev 2.6), for
// emosweep's FusedLSTM: forward (training, with a workspace kept for the backward pass, or
// inference) and backward over the whole sequence in one call each.
//
// Layouts (all float32, row-major, as tfjs holds them — no transposes on the JS side):
//   x            [N, T, C]  (oneDNN ntc)
//   kernel       [C, 4U]    (oneDNN ldigo with L = D = 1, gate order as oneDNN's: i, f, c~, o)
//   recurrent    [U, 4U]    (ldigo)
//   bias         [4U]       (ldgo)
//   lengths      [N] int32  valid frames per sequence (padding at the end), or null = all T
//   out          [N, U]     the hidden state at step lengths[n] − 1 (zeros when lengths[n] = 0)
// Pitfalls handled (see ../../../../shared/ENVIRONMENT.md): the initial states are explicit
// zero-filled buffers (an empty "zero" descriptor gives a wrong recurrent-weight gradient);
// weight and bias gradients accumulate in oneDNN, so they are zeroed before each backward; the
// workspace is allocated once per context and contexts are pooled.
#include <node_api.h>

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

using dnnl::memory;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

namespace {

dnnl::engine& Engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

struct Context {
  memory src;        // x, ntc
  memory wl_user;    // copies of the weights as given (ldigo)
  memory wi_user;
  memory bias;       // ldgo
  memory wl_fwd;     // weights in the forward primitive's layout
  memory wi_fwd;
  memory dst;        // h for every step, ntc
  memory workspace;
  std::vector<int32_t> lengths;
};

struct Kernel {
  int T, N, C, U;
  dnnl::stream strm;
  memory::desc src_md, iter_md, wl_md, wi_md, bias_md, dst_md;
  dnnl::lstm_forward::primitive_desc fwd_pd, inf_pd;
  dnnl::lstm_backward::primitive_desc bwd_pd;
  dnnl::lstm_forward fwd, inf;
  dnnl::lstm_backward bwd;
  memory zeros_h, zeros_c;  // explicit zero initial states
  // inference scratch
  memory inf_src, inf_wl_user, inf_wi_user, inf_wl, inf_wi, inf_bias, inf_dst;
  // backward scratch
  memory bwd_wl, bwd_wi, diff_dst, diff_src_iter, diff_src_iter_c, diff_wl, diff_wi;
  std::vector<std::unique_ptr<Context>> pool;

  Kernel(int T_, int N_, int C_, int U_) : T(T_), N(N_), C(C_), U(U_), strm(Engine()) {
    auto& eng = Engine();
    src_md = memory::desc({T, N, C}, dt::f32, tag::ntc);
    iter_md = memory::desc({1, 1, N, U}, dt::f32, tag::ldnc);
    wl_md = memory::desc({1, 1, C, 4, U}, dt::f32, tag::ldigo);
    wi_md = memory::desc({1, 1, U, 4, U}, dt::f32, tag::ldigo);
    bias_md = memory::desc({1, 1, 4, U}, dt::f32, tag::ldgo);
    dst_md = memory::desc({T, N, U}, dt::f32, tag::ntc);
    memory::desc any_wl({1, 1, C, 4, U}, dt::f32, tag::any);
    memory::desc any_wi({1, 1, U, 4, U}, dt::f32, tag::any);
    memory::desc none;
    auto dir = dnnl::rnn_direction::unidirectional_left2right;

    dnnl::lstm_forward::desc fd(dnnl::prop_kind::forward_training, dir, src_md, iter_md, iter_md, any_wl, any_wi,
                                bias_md, dst_md, none, none);
    fwd_pd = dnnl::lstm_forward::primitive_desc(fd, eng);
    fwd = dnnl::lstm_forward(fwd_pd);

    dnnl::lstm_forward::desc id(dnnl::prop_kind::forward_inference, dir, src_md, iter_md, iter_md, any_wl, any_wi,
                                bias_md, dst_md, none, none);
    inf_pd = dnnl::lstm_forward::primitive_desc(id, eng);
    inf = dnnl::lstm_forward(inf_pd);

    dnnl::lstm_backward::desc bd(dnnl::prop_kind::backward, dir, src_md, iter_md, iter_md, any_wl, any_wi, bias_md,
                                 dst_md, none, none, src_md, iter_md, iter_md, any_wl, any_wi, bias_md, dst_md, none,
                                 none);
    bwd_pd = dnnl::lstm_backward::primitive_desc(bd, eng, fwd_pd);
    bwd = dnnl::lstm_backward(bwd_pd);

    zeros_h = memory(iter_md, eng);
    zeros_c = memory(iter_md, eng);
    std::memset(zeros_h.get_data_handle(), 0, iter_md.get_size());
    std::memset(zeros_c.get_data_handle(), 0, iter_md.get_size());

    inf_src = memory(src_md, eng);
    inf_wl_user = memory(wl_md, eng);
    inf_wi_user = memory(wi_md, eng);
    inf_wl = memory(inf_pd.weights_layer_desc(), eng);
    inf_wi = memory(inf_pd.weights_iter_desc(), eng);
    inf_bias = memory(bias_md, eng);
    inf_dst = memory(dst_md, eng);

    bwd_wl = memory(bwd_pd.weights_layer_desc(), eng);
    bwd_wi = memory(bwd_pd.weights_iter_desc(), eng);
    diff_dst = memory(dst_md, eng);
    diff_src_iter = memory(iter_md, eng);
    diff_src_iter_c = memory(iter_md, eng);
    diff_wl = memory(bwd_pd.diff_weights_layer_desc(), eng);
    diff_wi = memory(bwd_pd.diff_weights_iter_desc(), eng);
  }

  std::unique_ptr<Context> Acquire() {
    if (!pool.empty()) {
      auto c = std::move(pool.back());
      pool.pop_back();
      return c;
    }
    auto& eng = Engine();
    auto c = std::make_unique<Context>();
    c->src = memory(src_md, eng);
    c->wl_user = memory(wl_md, eng);
    c->wi_user = memory(wi_md, eng);
    c->bias = memory(bias_md, eng);
    c->wl_fwd = memory(fwd_pd.weights_layer_desc(), eng);
    c->wi_fwd = memory(fwd_pd.weights_iter_desc(), eng);
    c->dst = memory(dst_md, eng);
    c->workspace = memory(fwd_pd.workspace_desc(), eng);
    return c;
  }

  void Release(std::unique_ptr<Context> c) {
    if (pool.size() < 4) pool.push_back(std::move(c));
  }

  // h at step lengths[n] − 1 of dst (ntc) → out [N, U].
  void GatherLast(const float* dst, const int32_t* lengths, float* out) const {
    for (int n = 0; n < N; n++) {
      int len = lengths ? lengths[n] : T;
      if (len > T) len = T;
      if (len <= 0) {
        std::memset(out + (size_t)n * U, 0, sizeof(float) * U);
        continue;
      }
      std::memcpy(out + (size_t)n * U, dst + ((size_t)n * T + (len - 1)) * U, sizeof(float) * U);
    }
  }
};

// ---- N-API helpers ----------------------------------------------------------------------------------
#define NAPI_CALL(env, call)                                         \
  do {                                                               \
    if ((call) != napi_ok) {                                         \
      napi_throw_error((env), nullptr, "dnnl_lstm: N-API call failed: " #call); \
      return nullptr;                                                \
    }                                                                \
  } while (0)

bool F32(napi_env env, napi_value v, size_t expected, float** data, const char* name) {
  bool is;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) {
    napi_throw_type_error(env, nullptr, (std::string("dnnl_lstm: ") + name + " must be a Float32Array").c_str());
    return false;
  }
  napi_typedarray_type type;
  size_t length;
  void* ptr;
  napi_get_typedarray_info(env, v, &type, &length, &ptr, nullptr, nullptr);
  if (type != napi_float32_array || length != expected) {
    napi_throw_type_error(env, nullptr,
                          (std::string("dnnl_lstm: ") + name + " must be a Float32Array of " + std::to_string(expected) +
                           " values, got " + std::to_string(length))
                              .c_str());
    return false;
  }
  *data = static_cast<float*>(ptr);
  return true;
}

// lengths: Int32Array [N] or null/undefined → nullptr
bool Lengths(napi_env env, napi_value v, size_t N, const int32_t** data) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_null || t == napi_undefined) {
    *data = nullptr;
    return true;
  }
  bool is;
  napi_is_typedarray(env, v, &is);
  napi_typedarray_type type;
  size_t length;
  void* ptr;
  if (!is || napi_get_typedarray_info(env, v, &type, &length, &ptr, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array || length != N) {
    napi_throw_type_error(env, nullptr, "dnnl_lstm: lengths must be null or an Int32Array of N values");
    return false;
  }
  *data = static_cast<const int32_t*>(ptr);
  return true;
}

Kernel* Unwrap(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  napi_value self;
  if (napi_get_cb_info(env, info, argc, argv, &self, nullptr) != napi_ok) return nullptr;
  Kernel* k = nullptr;
  napi_unwrap(env, self, reinterpret_cast<void**>(&k));
  if (!k) napi_throw_error(env, nullptr, "dnnl_lstm: not a kernel object");
  return k;
}

template <typename F>
napi_value Guard(napi_env env, F f) {
  try {
    return f();
  } catch (const dnnl::error& e) {
    napi_throw_error(env, nullptr, (std::string("dnnl_lstm: oneDNN error: ") + e.what()).c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("dnnl_lstm: ") + e.what()).c_str());
  }
  return nullptr;
}

// new Kernel(T, N, C, U)
napi_value New(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], self;
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, &self, nullptr));
  int dims[4];
  for (int i = 0; i < 4; i++) {
    if (i >= (int)argc || napi_get_value_int32(env, argv[i], &dims[i]) != napi_ok || dims[i] < 1) {
      napi_throw_type_error(env, nullptr, "dnnl_lstm: new Kernel(T, N, C, U) needs four positive integers");
      return nullptr;
    }
  }
  return Guard(env, [&]() -> napi_value {
    auto* k = new Kernel(dims[0], dims[1], dims[2], dims[3]);
    napi_wrap(
        env, self, k, [](napi_env, void* data, void*) { delete static_cast<Kernel*>(data); }, nullptr, nullptr);
    return self;
  });
}

struct Inputs {
  float *x, *wl, *wi, *b, *out;
  const int32_t* lengths;
};

bool ReadInputs(napi_env env, Kernel* k, napi_value* argv, size_t argc, Inputs* in) {
  if (argc < 6) {
    napi_throw_type_error(env, nullptr, "dnnl_lstm: expected (x, kernel, recurrentKernel, bias, lengths, out)");
    return false;
  }
  size_t T = k->T, N = k->N, C = k->C, U = k->U;
  return F32(env, argv[0], N * T * C, &in->x, "x") && F32(env, argv[1], C * 4 * U, &in->wl, "kernel") &&
         F32(env, argv[2], U * 4 * U, &in->wi, "recurrentKernel") && F32(env, argv[3], 4 * U, &in->b, "bias") &&
         Lengths(env, argv[4], N, &in->lengths) && F32(env, argv[5], N * U, &in->out, "out");
}

// kernel.infer(x, kernel, recurrentKernel, bias, lengths, out): forward_inference.
napi_value Infer(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  Kernel* k = Unwrap(env, info, &argc, argv);
  if (!k) return nullptr;
  Inputs in;
  if (!ReadInputs(env, k, argv, argc, &in)) return nullptr;
  return Guard(env, [&]() -> napi_value {
    std::memcpy(k->inf_src.get_data_handle(), in.x, k->src_md.get_size());
    std::memcpy(k->inf_wl_user.get_data_handle(), in.wl, k->wl_md.get_size());
    std::memcpy(k->inf_wi_user.get_data_handle(), in.wi, k->wi_md.get_size());
    std::memcpy(k->inf_bias.get_data_handle(), in.b, k->bias_md.get_size());
    dnnl::reorder(k->inf_wl_user, k->inf_wl).execute(k->strm, k->inf_wl_user, k->inf_wl);
    dnnl::reorder(k->inf_wi_user, k->inf_wi).execute(k->strm, k->inf_wi_user, k->inf_wi);
    k->inf.execute(k->strm, {{DNNL_ARG_SRC_LAYER, k->inf_src},
                             {DNNL_ARG_SRC_ITER, k->zeros_h},
                             {DNNL_ARG_SRC_ITER_C, k->zeros_c},
                             {DNNL_ARG_WEIGHTS_LAYER, k->inf_wl},
                             {DNNL_ARG_WEIGHTS_ITER, k->inf_wi},
                             {DNNL_ARG_BIAS, k->inf_bias},
                             {DNNL_ARG_DST_LAYER, k->inf_dst}});
    k->strm.wait();
    k->GatherLast(static_cast<const float*>(k->inf_dst.get_data_handle()), in.lengths, in.out);
    napi_value undef;
    napi_get_undefined(env, &undef);
    return undef;
  });
}

// kernel.forward(x, kernel, recurrentKernel, bias, lengths, out) → context (for backward).
napi_value Forward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  Kernel* k = Unwrap(env, info, &argc, argv);
  if (!k) return nullptr;
  Inputs in;
  if (!ReadInputs(env, k, argv, argc, &in)) return nullptr;
  return Guard(env, [&]() -> napi_value {
    auto c = k->Acquire();
    std::memcpy(c->src.get_data_handle(), in.x, k->src_md.get_size());
    std::memcpy(c->wl_user.get_data_handle(), in.wl, k->wl_md.get_size());
    std::memcpy(c->wi_user.get_data_handle(), in.wi, k->wi_md.get_size());
    std::memcpy(c->bias.get_data_handle(), in.b, k->bias_md.get_size());
    c->lengths.assign(in.lengths ? in.lengths : nullptr, in.lengths ? in.lengths + k->N : nullptr);
    dnnl::reorder(c->wl_user, c->wl_fwd).execute(k->strm, c->wl_user, c->wl_fwd);
    dnnl::reorder(c->wi_user, c->wi_fwd).execute(k->strm, c->wi_user, c->wi_fwd);
    k->fwd.execute(k->strm, {{DNNL_ARG_SRC_LAYER, c->src},
                             {DNNL_ARG_SRC_ITER, k->zeros_h},
                             {DNNL_ARG_SRC_ITER_C, k->zeros_c},
                             {DNNL_ARG_WEIGHTS_LAYER, c->wl_fwd},
                             {DNNL_ARG_WEIGHTS_ITER, c->wi_fwd},
                             {DNNL_ARG_BIAS, c->bias},
                             {DNNL_ARG_DST_LAYER, c->dst},
                             {DNNL_ARG_WORKSPACE, c->workspace}});
    k->strm.wait();
    k->GatherLast(static_cast<const float*>(c->dst.get_data_handle()), in.lengths, in.out);
    // The context travels to JS as an external; backward() hands it back to the pool, the GC
    // frees it if backward never comes.
    auto* raw = new std::unique_ptr<Context>(std::move(c));
    napi_value ext;
    napi_create_external(
        env, raw, [](napi_env, void* data, void*) { delete static_cast<std::unique_ptr<Context>*>(data); }, nullptr,
        &ext);
    return ext;
  });
}

// kernel.backward(context, dy [N, U], dx [N, T, C], dKernel, dRecurrentKernel, dBias)
napi_value Backward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  Kernel* k = Unwrap(env, info, &argc, argv);
  if (!k) return nullptr;
  if (argc < 6) {
    napi_throw_type_error(env, nullptr, "dnnl_lstm: expected (context, dy, dx, dKernel, dRecurrentKernel, dBias)");
    return nullptr;
  }
  void* raw = nullptr;
  if (napi_get_value_external(env, argv[0], &raw) != napi_ok || !raw ||
      !*static_cast<std::unique_ptr<Context>*>(raw)) {
    napi_throw_error(env, nullptr, "dnnl_lstm: backward needs the context of an unused forward()");
    return nullptr;
  }
  size_t T = k->T, N = k->N, C = k->C, U = k->U;
  float *dy, *dx, *dwl, *dwi, *db;
  if (!F32(env, argv[1], N * U, &dy, "dy") || !F32(env, argv[2], N * T * C, &dx, "dx") ||
      !F32(env, argv[3], C * 4 * U, &dwl, "dKernel") || !F32(env, argv[4], U * 4 * U, &dwi, "dRecurrentKernel") ||
      !F32(env, argv[5], 4 * U, &db, "dBias"))
    return nullptr;
  return Guard(env, [&]() -> napi_value {
    auto& slot = *static_cast<std::unique_ptr<Context>*>(raw);
    Context* c = slot.get();
    auto& eng = Engine();
    // dL/dh: dy at each sequence's last valid step, zero elsewhere.
    float* ddst = static_cast<float*>(k->diff_dst.get_data_handle());
    std::memset(ddst, 0, k->dst_md.get_size());
    for (size_t n = 0; n < N; n++) {
      int len = c->lengths.empty() ? (int)T : c->lengths[n];
      if (len > (int)T) len = T;
      if (len <= 0) continue;
      std::memcpy(ddst + (n * T + (len - 1)) * U, dy + n * U, sizeof(float) * U);
    }
    dnnl::reorder(c->wl_user, k->bwd_wl).execute(k->strm, c->wl_user, k->bwd_wl);
    dnnl::reorder(c->wi_user, k->bwd_wi).execute(k->strm, c->wi_user, k->bwd_wi);
    // Gradients accumulate in oneDNN: zero them.
    std::memset(k->diff_wl.get_data_handle(), 0, k->bwd_pd.diff_weights_layer_desc().get_size());
    std::memset(k->diff_wi.get_data_handle(), 0, k->bwd_pd.diff_weights_iter_desc().get_size());
    std::memset(db, 0, sizeof(float) * 4 * U);
    memory dx_mem(k->src_md, eng, dx);
    memory db_mem(k->bias_md, eng, db);
    k->bwd.execute(k->strm, {{DNNL_ARG_SRC_LAYER, c->src},
                             {DNNL_ARG_SRC_ITER, k->zeros_h},
                             {DNNL_ARG_SRC_ITER_C, k->zeros_c},
                             {DNNL_ARG_WEIGHTS_LAYER, k->bwd_wl},
                             {DNNL_ARG_WEIGHTS_ITER, k->bwd_wi},
                             {DNNL_ARG_BIAS, c->bias},
                             {DNNL_ARG_DST_LAYER, c->dst},
                             {DNNL_ARG_DIFF_DST_LAYER, k->diff_dst},
                             {DNNL_ARG_WORKSPACE, c->workspace},
                             {DNNL_ARG_DIFF_SRC_LAYER, dx_mem},
                             {DNNL_ARG_DIFF_SRC_ITER, k->diff_src_iter},
                             {DNNL_ARG_DIFF_SRC_ITER_C, k->diff_src_iter_c},
                             {DNNL_ARG_DIFF_WEIGHTS_LAYER, k->diff_wl},
                             {DNNL_ARG_DIFF_WEIGHTS_ITER, k->diff_wi},
                             {DNNL_ARG_DIFF_BIAS, db_mem}});
    memory dwl_mem(k->wl_md, eng, dwl);
    memory dwi_mem(k->wi_md, eng, dwi);
    dnnl::reorder(k->diff_wl, dwl_mem).execute(k->strm, k->diff_wl, dwl_mem);
    dnnl::reorder(k->diff_wi, dwi_mem).execute(k->strm, k->diff_wi, dwi_mem);
    k->strm.wait();
    k->Release(std::move(slot));  // slot is now empty: a second backward on it throws
    napi_value undef;
    napi_get_undefined(env, &undef);
    return undef;
  });
}

// setThreads(n): OpenMP threads for the following calls (from this JS thread); getThreads().
napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int n = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, argv[0], &n) != napi_ok || n < 1) {
    napi_throw_type_error(env, nullptr, "dnnl_lstm: setThreads(n) needs a positive integer");
    return nullptr;
  }
  omp_set_num_threads(n);
  return nullptr;
}

napi_value GetThreads(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, omp_get_max_threads(), &v);
  return v;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"infer", nullptr, Infer, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"forward", nullptr, Forward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"backward", nullptr, Backward, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_value cls;
  napi_define_class(env, "Kernel", NAPI_AUTO_LENGTH, New, nullptr, 3, methods, &cls);
  napi_set_named_property(env, exports, "Kernel", cls);
  napi_value fn;
  napi_create_function(env, "setThreads", NAPI_AUTO_LENGTH, SetThreads, nullptr, &fn);
  napi_set_named_property(env, exports, "setThreads", fn);
  napi_create_function(env, "getThreads", NAPI_AUTO_LENGTH, GetThreads, nullptr, &fn);
  napi_set_named_property(env, exports, "getThreads", fn);
  const dnnl_version_t* v = dnnl_version();
  napi_value ver;
  std::string s = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  napi_create_string_utf8(env, s.c_str(), NAPI_AUTO_LENGTH, &ver);
  napi_set_named_property(env, exports, "dnnlVersion", ver);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
