// attn/additive.hpp — additive (Bahdanau) attention:
//   score(i, j) = v · tanh(W_q q_i + W_k k_j),  weights = softmax(score, masked),
//   output = weights · V.
// No scaling by √d_k (the tanh bounds every score by ‖v‖₁). It does not learn W_q, W_k, v:
// they are inputs (the bottleneck lab's trainer learns its own, seq2seq.hpp).
#pragma once

#include <string>

#include "attn/types.hpp"

namespace attn {

struct AdditiveWeights {
  Mat Wq;  // Wq: (h, d_q)
  Mat Wk;  // Wk: (h, d_k)
  Vec v;   // v:  (h)
};

struct AdditiveResult {
  Mat scores;   // scores:  (T_q, T_k) = v · tanh(Wq q_i + Wk k_j), before masking
  Mat weights;  // weights: (T_q, T_k) = softmax over keys, 0 where blocked
  Mat output;   // output:  (T_q, d_v) = weights · V
};

// Q: (T_q, d_q), K: (T_k, d_k), V: (T_k, d_v), mask: nullptr or (T_q, T_k) nonzero = blocked
std::string check_additive_attention(const MatRef& Q, const MatRef& K, const MatRef& V,
                                     const AdditiveWeights& w, const Mat* mask,
                                     const char* fn = "additiveAttention");

void additive_attention(const MatRef& Q, const MatRef& K, const MatRef& V, const AdditiveWeights& w,
                        const Mat* mask, AdditiveResult& out);

}  // namespace attn
