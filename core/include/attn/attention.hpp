// attn/attention.hpp — scaled dot-product attention, returning every intermediate a lesson
// shows: scores = Q·Kᵀ, scaled = scores·scale, masked (-inf where blocked),
// weights = softmax(masked), output = weights·V. It does not project inputs (multihead.hpp
// does) and does not add positional information (positional.hpp).
#pragma once

#include <optional>
#include <string>

#include "attn/mask.hpp"
#include "attn/types.hpp"

namespace attn {

struct AttentionOptions {
  bool causal = false;         // block key j > query i
  const Mat* mask = nullptr;   // mask: (T_q, T_k), nonzero = blocked
  std::optional<float> scale;  // default 1/sqrt(d_k); any finite number
};

struct AttentionResult {
  Mat scores;   // scores:  (T_q, T_k) = Q·Kᵀ
  Mat scaled;   // scaled:  (T_q, T_k) = scores · scale
  Mat masked;   // masked:  (T_q, T_k) = scaled, -inf where blocked
  Mat weights;  // weights: (T_q, T_k) = softmax(masked); a fully blocked row is all 0
  Mat output;   // output:  (T_q, d_v) = weights · V; 0 for a fully blocked row
};

// "" when the arguments are valid, else a message starting with `fn`.
// Q: (T_q, d_k), K: (T_k, d_k), V: (T_k, d_v)
std::string check_attention(const MatRef& Q, const MatRef& K, const MatRef& V,
                            const AttentionOptions& options, const char* fn = "attention");

// Inputs:  Q (T_q, d_k), K (T_k, d_k), V (T_k, d_v), options
// Outputs: out, every member resized. Throws attn::Error on invalid arguments.
void attention(const MatRef& Q, const MatRef& K, const MatRef& V, const AttentionOptions& options,
               AttentionResult& out);

// 1/sqrt(d_k), correctly rounded to float.
float default_scale(Eigen::Index d_k);

// Steps 1–5 without checks, masking described by `spec` (used by multi-head attention).
void attention_unchecked(const MatRef& Q, const MatRef& K, const MatRef& V, float scale,
                         const MaskSpec& spec, AttentionResult& out);

}  // namespace attn
