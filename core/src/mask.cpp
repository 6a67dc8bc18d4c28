// core/src/mask.cpp — causal and padding masks in both forms, and -inf writing for blocked
// positions (attn/mask.hpp). No softmax here: attn/softmax.hpp turns -inf into exact zero weights.
#include "attn/mask.hpp"

#include <limits>

namespace attn {

Mat causal_mask(int T_q, int T_k) {
  Mat m(T_q, T_k);
  for (int i = 0; i < T_q; ++i)
    for (int j = 0; j < T_k; ++j) m(i, j) = j > i ? 1.0f : 0.0f;
  return m;
}

std::string check_causal_mask(int T, const char* fn) {
  Msg s;
  if (T < 1 || T > kMaxTokens)
    s << fn << ": T must be an integer from 1 to " << kMaxTokens << ", got " << T;
  return s.str();
}

void build_causal_mask(int T, CausalMask& out) {
  require(check_causal_mask(T));
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  // 1. Boolean form: key j is in query i's future when j > i.
  out.mask = causal_mask(T, T);
  // 2. Additive form M of softmax(scaled + M): 0 for the past and present, -inf for the future.
  out.additive = (out.mask.array() != 0.0f).select(kNegInf, Mat::Zero(T, T)).matrix();
}

std::string check_padding_mask(const std::vector<int>& lengths, int T, const char* fn) {
  Msg s;
  const long B = static_cast<long>(lengths.size());
  if (B < 1 || B > kMaxTokens) {
    s << fn << ": lengths must hold 1 to " << kMaxTokens << " sequence lengths, got " << B;
  } else if (T < 1 || T > kMaxTokens) {
    s << fn << ": T must be an integer from 1 to " << kMaxTokens << ", got " << T;
  } else if (B * T > kMaxElements) {
    s << fn << ": (B, T) = " << shape(B, T) << " is over the limit of " << kMaxElements
      << " elements";
  } else {
    for (long b = 0; b < B; ++b)
      if (lengths[b] < 0 || lengths[b] > T) {
        s << fn << ": lengths[" << b << "] is " << lengths[b] << " but must be from 0 to T = " << T;
        break;
      }
  }
  return s.str();
}

void build_padding_mask(const std::vector<int>& lengths, int T, PaddingMask& out) {
  require(check_padding_mask(lengths, T));
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  const Eigen::Index B = static_cast<Eigen::Index>(lengths.size());
  out.key_padding.assign(static_cast<size_t>(B * T), 0);
  out.additive.setZero(B, T);
  for (Eigen::Index b = 0; b < B; ++b)
    // Item b's keys from lengths[b] on are padding: blocked for every query of that item.
    for (int j = lengths[static_cast<size_t>(b)]; j < T; ++j) {
      out.key_padding[static_cast<size_t>(b * T + j)] = 1;
      out.additive(b, j) = kNegInf;
    }
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
