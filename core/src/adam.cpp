// core/src/adam.cpp — Adam with bias correction, warm-up and inverse-sqrt decay, and global-norm
// gradient clipping over a list of parameter blocks (attn/adam.hpp). It computes no gradients
// and does no I/O. The arithmetic is the GRU trainer's original, operation for operation, so its
// results are bit-identical.
#include "attn/adam.hpp"

#include <cmath>

namespace attn {

std::string check_adam_config(const AdamConfig& a, const char* fn) {
  Msg s;
  if (!(std::isfinite(a.lr) && a.lr > 0 && a.lr <= 1)) {
    s << fn << ": lr must be in (0, 1], got " << a.lr;
  } else if (!(a.beta1 >= 0 && a.beta1 < 1 && a.beta2 >= 0 && a.beta2 < 1)) {
    s << fn << ": beta1 and beta2 must be in [0, 1), got " << a.beta1 << " and " << a.beta2;
  } else if (!(std::isfinite(a.eps) && a.eps > 0)) {
    s << fn << ": eps must be finite and > 0, got " << a.eps;
  } else if (a.decay_after < 0) {
    s << fn << ": decay_after must be >= 0 (0 keeps the rate constant), got " << a.decay_after;
  } else if (!std::isfinite(a.clip)) {
    s << fn << ": clip must be finite (<= 0 disables clipping), got " << a.clip;
  } else if (a.warmup < 0 || a.warmup > 1000000) {
    s << fn << ": warmup must be in [0, 1000000] (0: none), got " << a.warmup;
  }
  return s.str();
}

template <typename S>
S clip_grad_norm(const std::vector<MatT<S>*>& grads, S max_norm) {
  S sq = 0;
  for (const MatT<S>* m : grads) sq += m->squaredNorm();
  const S norm = std::sqrt(sq);
  if (max_norm > 0 && norm > max_norm) {
    const S scale = max_norm / norm;
    for (MatT<S>* m : grads) *m *= scale;
  }
  return norm;
}

template <typename S>
std::string check_adam_step(const AdamConfig& a, const std::vector<MatT<S>*>& params,
                            const std::vector<const MatT<S>*>& grads, const AdamState<S>& st,
                            const char* fn) {
  std::string c = check_adam_config(a, fn);
  if (!c.empty()) return c;
  Msg s;
  if (params.size() != grads.size()) {
    s << fn << ": " << params.size() << " parameter blocks but " << grads.size()
      << " gradient blocks";
    return s.str();
  }
  const bool moments = st.t > 0;
  if (moments && (st.m.size() != params.size() || st.v.size() != params.size())) {
    s << fn << ": the state holds " << st.m.size() << " moments for " << params.size() << " blocks";
    return s.str();
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (!params[k] || !grads[k]) {
      s << fn << ": block " << k << " is null";
      return s.str();
    }
    const MatT<S>& w = *params[k];
    const MatT<S>& g = *grads[k];
    if (w.rows() != g.rows() || w.cols() != g.cols() ||
        (moments && (st.m[k].rows() != w.rows() || st.m[k].cols() != w.cols()))) {
      s << fn << ": block " << k << " is " << shape(w.rows(), w.cols()) << " but its gradient is "
        << shape(g.rows(), g.cols());
      return s.str();
    }
  }
  return s.str();
}

template <typename S>
void adam_step(const AdamConfig& a, const std::vector<MatT<S>*>& params,
               const std::vector<const MatT<S>*>& grads, AdamState<S>& st) {
  require(check_adam_step(a, params, grads, st));
  if (st.t == 0) {
    st.m.resize(params.size());
    st.v.resize(params.size());
    for (std::size_t k = 0; k < params.size(); ++k) {
      st.m[k].setZero(params[k]->rows(), params[k]->cols());
      st.v[k].setZero(params[k]->rows(), params[k]->cols());
    }
    st.beta1_t = 1;
    st.beta2_t = 1;
  }
  ++st.t;
  const S b1 = static_cast<S>(a.beta1), b2 = static_cast<S>(a.beta2);
  st.beta1_t *= b1;
  st.beta2_t *= b2;
  S lr = static_cast<S>(a.lr);
  if (a.warmup > 0 && st.t <= a.warmup) lr *= static_cast<S>(st.t) / static_cast<S>(a.warmup);
  if (a.decay_after > 0 && st.t > a.decay_after)
    lr *= std::sqrt(static_cast<S>(a.decay_after) / static_cast<S>(st.t));
  const S eps = static_cast<S>(a.eps);
  const S c1 = S(1) / (S(1) - st.beta1_t), c2 = S(1) / (S(1) - st.beta2_t);
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (params[k]->size() == 0) continue;
    MatT<S>& m = st.m[k];
    MatT<S>& v = st.v[k];
    m.array() = b1 * m.array() + (S(1) - b1) * grads[k]->array();
    v.array() = b2 * v.array() + (S(1) - b2) * grads[k]->array().square();
    params[k]->array() -= lr * (m.array() * c1) / ((v.array() * c2).sqrt() + eps);
  }
}

#define ATTN_ADAM_INSTANTIATE(S)                                                                   \
  template S clip_grad_norm<S>(const std::vector<MatT<S>*>&, S);                                   \
  template std::string check_adam_step<S>(const AdamConfig&, const std::vector<MatT<S>*>&,         \
                                          const std::vector<const MatT<S>*>&, const AdamState<S>&, \
                                          const char*);                                            \
  template void adam_step<S>(const AdamConfig&, const std::vector<MatT<S>*>&,                      \
                             const std::vector<const MatT<S>*>&, AdamState<S>&);
ATTN_ADAM_INSTANTIATE(float)
ATTN_ADAM_INSTANTIATE(double)
#undef ATTN_ADAM_INSTANTIATE

}  // namespace attn
