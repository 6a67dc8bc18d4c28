// core/src/attention.cpp — scaled dot-product attention with every intermediate
// (attn/attention.hpp). Projections and heads live in multihead.cpp.
#include "attn/attention.hpp"

#include <cmath>

#include "attn/softmax.hpp"

namespace attn {

std::string check_attention(const MatRef& Q, const MatRef& K, const MatRef& V,
                            const AttentionOptions& options, const char* fn) {
  std::string e;
  if (!(e = check_matrix(fn, "Q", Q)).empty()) return e;
  if (!(e = check_matrix(fn, "K", K)).empty()) return e;
  if (!(e = check_matrix(fn, "V", V)).empty()) return e;
  Msg s;
  if (K.cols() != Q.cols()) {
    s << fn << ": K has " << K.cols() << " columns but Q has " << Q.cols() << " (Q: " << shape(Q)
      << ", K: " << shape(K) << "); both must have d_k columns";
  } else if (V.rows() != K.rows()) {
    s << fn << ": V has " << V.rows() << " rows but K has " << K.rows() << " (K: " << shape(K)
      << ", V: " << shape(V) << "); both must have T_k rows";
  } else if (Q.rows() * K.rows() > kMaxElements) {
    s << fn << ": the score matrix (T_q, T_k) = " << shape(Q.rows(), K.rows())
      << " would exceed the limit of " << kMaxElements << " elements";
  } else if (options.scale && !std::isfinite(*options.scale)) {
    s << fn << ": scale must be a finite number, got " << format_float(*options.scale);
  } else if (options.scale && !(std::abs(*options.scale) <= kMaxAbsValue)) {
    s << fn << ": scale " << format_float(*options.scale) << " is outside the value limit of ±1e6";
  } else if (options.mask != nullptr) {
    return check_mask(fn, "mask", *options.mask, Q.rows(), K.rows());
  }
  return s.str();
}

void attention_unchecked(const MatRef& Q, const MatRef& K, const MatRef& V, float scale,
                         const MaskSpec& spec, AttentionResult& out) {
  // 1. Match: every query against every key. scores(i, j) = q_i · k_j.
  out.scores.resize(Q.rows(), K.rows());
  out.scores.noalias() = Q * K.transpose();
  // 2. Scale, so the spread of the scores does not grow with d_k.
  out.scaled = out.scores * scale;
  // 3. Mask: -inf where query i may not see key j.
  apply_mask(out.scaled, spec, out.masked);
  // 4. Softmax over each row: the weights of query i sum to 1 (or are all 0 if fully blocked).
  softmax_rows_unchecked(out.masked, 1.0f, out.weights);
  // 5. Aggregate: each query's own weighted sum of the values.
  out.output.resize(Q.rows(), V.cols());
  out.output.noalias() = out.weights * V;
}

float default_scale(Eigen::Index d_k) {
  // In double, then rounded once: the float nearest to 1/sqrt(d_k), as PyTorch's math.sqrt.
  return static_cast<float>(1.0 / std::sqrt(static_cast<double>(d_k)));
}

void attention(const MatRef& Q, const MatRef& K, const MatRef& V, const AttentionOptions& options,
               AttentionResult& out) {
  require(check_attention(Q, K, V, options));
  const float scale = options.scale ? *options.scale : default_scale(Q.cols());
  MaskSpec spec;
  spec.causal = options.causal;
  spec.mask = options.mask;
  attention_unchecked(Q, K, V, scale, spec, out);
}

}  // namespace attn
