// core/src/hard_attention.cpp — argmax (one-hot) attention with first-index ties
// (attn/hard_attention.hpp). No softmax and no scores here.
#include "attn/hard_attention.hpp"

#include <cmath>
#include <limits>

namespace attn {

std::string check_hard_attention(const MatRef& scores, const Mat* V, const char* fn) {
  Msg s;
  if (scores.rows() < 1 || scores.cols() < 1) {
    s << fn << ": scores must have at least one row and one column, got " << shape(scores);
  } else if (scores.rows() > kMaxTokens || scores.cols() > kMaxTokens ||
             static_cast<long>(scores.size()) > kMaxElements) {
    s << fn << ": scores is " << shape(scores) << ", over the limit of (" << kMaxTokens << ", "
      << kMaxTokens << ") and " << kMaxElements << " elements";
  } else {
    for (Eigen::Index i = 0; i < scores.rows(); ++i)
      for (Eigen::Index j = 0; j < scores.cols(); ++j) {
        const float v = scores(i, j);
        if (std::isnan(v) || v == std::numeric_limits<float>::infinity()) {
          s << fn << ": scores " << shape(scores) << " has " << format_float(v) << " at (" << i
            << ", " << j << "); only finite values and -Infinity (blocked) are allowed";
          return s.str();
        }
      }
    if (V != nullptr) {
      const std::string e = check_matrix(fn, "V", *V);
      if (!e.empty()) return e;
      if (V->rows() != scores.cols())
        s << fn << ": V has " << V->rows() << " rows but scores has " << scores.cols()
          << " columns (scores: " << shape(scores) << ", V: " << shape(*V) << "); both must be T_k";
    }
  }
  return s.str();
}

void hard_attention(const MatRef& scores, const Mat* V, HardAttentionResult& out) {
  require(check_hard_attention(scores, V));
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  const Eigen::Index T_q = scores.rows(), T_k = scores.cols();
  out.index.assign(static_cast<size_t>(T_q), -1);
  out.weights.setZero(T_q, T_k);
  out.output.setZero(T_q, V != nullptr ? V->cols() : 0);
  for (Eigen::Index i = 0; i < T_q; ++i) {
    // 1. Argmax: a strict > keeps the first of tied maxima. -inf never wins, so a fully
    //    blocked row keeps index -1.
    float best = kNegInf;
    int arg = -1;
    for (Eigen::Index j = 0; j < T_k; ++j)
      if (scores(i, j) > best) {
        best = scores(i, j);
        arg = static_cast<int>(j);
      }
    out.index[static_cast<size_t>(i)] = arg;
    if (arg < 0) continue;
    // 2. One-hot weights: all of query i's attention on that one key.
    out.weights(i, arg) = 1.0f;
    // 3. Output: the chosen value row itself (weights · V with a one-hot row), copied exactly.
    if (V != nullptr) out.output.row(i) = V->row(arg);
  }
}

}  // namespace attn
