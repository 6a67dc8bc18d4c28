// core/src/mask.cpp — causal masks and -inf writing for blocked positions (attn/mask.hpp).
// No softmax here: attn/softmax.hpp turns -inf into exact zero weights.
#include "attn/mask.hpp"

#include <limits>

namespace attn {

Mat causal_mask(int T_q, int T_k) {
  Mat m(T_q, T_k);
  for (int i = 0; i < T_q; ++i)
    for (int j = 0; j < T_k; ++j) m(i, j) = j > i ? 1.0f : 0.0f;
  return m;
}

bool is_blocked(const MaskSpec& spec, Eigen::Index i, Eigen::Index j) {
  return (spec.causal && j > i) || (spec.mask != nullptr && (*spec.mask)(i, j) != 0.0f) ||
         (spec.key_padding != nullptr && spec.key_padding[j] != 0);
}

void apply_mask(const MatRef& scaled, const MaskSpec& spec, Mat& masked) {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  masked = scaled;
  if (!spec.causal && spec.mask == nullptr && spec.key_padding == nullptr) return;
  for (Eigen::Index i = 0; i < masked.rows(); ++i)
    for (Eigen::Index j = 0; j < masked.cols(); ++j)
      if (is_blocked(spec, i, j)) masked(i, j) = kNegInf;
}

}  // namespace attn
