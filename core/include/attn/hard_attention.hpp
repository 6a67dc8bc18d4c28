// attn/hard_attention.hpp — hard attention: each query takes exactly one key, the one with the
// largest score (argmax), instead of softmax's weighted mix. Returns the chosen index, the
// one-hot weights and, given V, the chosen value rows.
// Ties go to the FIRST maximal key (the smallest j with scores(i, j) == max_j scores(i, j)), as
// numpy.argmax and torch.argmax do; it is the key softmax's row max is taken from, so it is
// always a key with the largest soft weight. (The τ → 0 limit of softmax(s / τ) would instead
// split the weight evenly between tied keys.) A fully blocked row (all -inf) chooses nothing:
// index -1, zero weights and a zero output, as softmax gives a fully blocked row zero weights.
// It does not compute scores (attention.hpp does) and it has no gradient to offer.
#pragma once

#include <string>
#include <vector>

#include "attn/types.hpp"

namespace attn {

struct HardAttentionResult {
  std::vector<int> index;  // index:   (T_q), the chosen key of query i, -1 for a blocked row
  Mat weights;             // weights: (T_q, T_k), 1 at (i, index[i]), else 0
  Mat output;              // output:  (T_q, d_v) = weights · V = row index[i] of V (0 if blocked);
                           //          (T_q, 0) when no V was given
};

// "" when scores (T_q, T_k) holds finite values and -inf only (like softmax's x) and V, when
// given, is a valid (T_k, d_v) matrix; else a message naming `fn`, the argument and the shapes.
std::string check_hard_attention(const MatRef& scores, const Mat* V,
                                 const char* fn = "hardAttention");

// Inputs:  scores (T_q, T_k) (raw, scaled or masked: the argmax is the same), V (T_k, d_v) or null
// Outputs: out, every member resized. Throws attn::Error on invalid arguments.
void hard_attention(const MatRef& scores, const Mat* V, HardAttentionResult& out);

}  // namespace attn
