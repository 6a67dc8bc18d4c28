// core/src/rnn.cpp — tanh RNN encoder and the influence of each token on h_T (attn/rnn.hpp).
#include "attn/rnn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attn {

std::string check_rnn_encoder(const MatRef& x, const RnnWeights& w, const char* fn) {
  std::string e;
  if (!(e = check_matrix(fn, "x", x, kMaxRnnTokens, kMaxWidth)).empty()) return e;
  if (!(e = check_matrix(fn, "params.Wx", w.Wx, kMaxRnnHidden, kMaxWidth)).empty()) return e;
  if (!(e = check_matrix(fn, "params.Wh", w.Wh, kMaxRnnHidden, kMaxRnnHidden)).empty()) return e;
  Msg s;
  if (w.Wx.cols() != x.cols()) {
    s << fn << ": params.Wx is " << shape(w.Wx) << " but must be (h, d_in) with d_in = " << x.cols()
      << " (x: " << shape(x) << ")";
  } else if (w.Wh.rows() != w.Wx.rows() || w.Wh.cols() != w.Wx.rows()) {
    s << fn << ": params.Wh is " << shape(w.Wh)
      << " but must be (h, h) = " << shape(w.Wx.rows(), w.Wx.rows()) << " (Wx: " << shape(w.Wx)
      << ")";
  } else {
    return check_vector(fn, "params.b", w.b, w.Wx.rows());
  }
  return s.str();
}

void rnn_encoder(const MatRef& x, const RnnWeights& w, RnnResult& out) {
  require(check_rnn_encoder(x, w));
  const Eigen::Index T = x.rows(), h = w.Wx.rows();
  // 1. Input contributions for all tokens at once: xw = x · Wxᵀ, (T, h).
  Mat xw(T, h);
  xw.noalias() = x * w.Wx.transpose();
  // 2. The recurrence, one token at a time: each step needs the previous state.
  out.states.resize(T, h);
  RowVec prev = RowVec::Zero(h);  // prev: (h) = h_{t-1}
  RowVec pre(h);                  // pre:  (h) = Wx x_t + Wh h_{t-1} + b
  for (Eigen::Index t = 0; t < T; ++t) {
    pre.noalias() = prev * w.Wh.transpose();
    pre += xw.row(t) + w.b.transpose();
    out.states.row(t) = pre.array().tanh().matrix();
    prev = out.states.row(t);
  }
  // 3. Backwards from h_T: A = ∂h_T/∂h_t (h, h) starts as I. With D_t = diag(1 - h_t²),
  //    ∂h_T/∂x_t = A · D_t · Wx, and A ← A · D_t · Wh steps one token further back.
  out.influence.resize(T);
  Mat A = Mat::Identity(h, h);  // A: (h, h)
  Mat AD(h, h);                 // AD: (h, h) = A · D_t
  Mat J(h, x.cols());           // J: (h, d_in) = ∂h_T/∂x_t
  Mat next(h, h);               // next: (h, h)
  // The true product is A · 2^a_exp: A is rescaled by exact powers of two whenever it grows
  // past 2^20, so an exploding Jacobian (e.g. Wh = 10·I over 40 tokens) cannot overflow float
  // into Infinity and then NaN (found by fuzzing). The influence saturates at FLT_MAX.
  int a_exp = 0;
  constexpr double kFloatMax = std::numeric_limits<float>::max();
  for (Eigen::Index t = T - 1; t >= 0; --t) {
    const RowVec d = (1.0f - out.states.row(t).array().square()).matrix();  // d: (h)
    AD = A.array().rowwise() * d.array();
    J.noalias() = AD * w.Wx;
    // ‖J‖_F in double (its squares can overflow float), scaled back by 2^a_exp.
    const double norm = std::ldexp(std::sqrt(J.cast<double>().squaredNorm()), a_exp);
    out.influence(t) = static_cast<float>(std::min(norm, kFloatMax));
    next.noalias() = AD * w.Wh;
    const float largest = next.cwiseAbs().maxCoeff();
    if (largest > 0x1p20f) {
      int e = 0;
      std::frexp(largest, &e);
      next *= std::ldexp(1.0f, -e);
      a_exp += e;
    }
    A.swap(next);
  }
  // 4. The first token's influence relative to the last one's (1 when T = 1). Kept finite like
  //    the influence: 0 when the last token moves nothing, at most FLT_MAX.
  const double last = static_cast<double>(out.influence(T - 1));
  const double ratio = last > 0.0 ? static_cast<double>(out.influence(0)) / last : 0.0;
  out.first_to_last = static_cast<float>(std::min(ratio, kFloatMax));
}

}  // namespace attn
