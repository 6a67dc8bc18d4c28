// attn/mask.hpp — causal and boolean masks, and writing -inf into blocked score positions.
// A mask is a (T_q, T_k) float matrix where nonzero means "query i may not see key j"
// (PyTorch's boolean attn_mask convention). It does not compute scores or softmax.
#pragma once

#include <cstdint>

#include "attn/types.hpp"

namespace attn {

// The causal mask (T_q, T_k): 1 where key j > query i (the future), else 0.
Mat causal_mask(int T_q, int T_k);

// What blocks query i from key j; any combination, all optional.
struct MaskSpec {
  bool causal = false;                        // block j > i
  const Mat* mask = nullptr;                  // mask: (T_q, T_k), nonzero = blocked
  const std::uint8_t* key_padding = nullptr;  // key_padding: (T_k), nonzero = padding
};

// True when spec blocks (i, j).
bool is_blocked(const MaskSpec& spec, Eigen::Index i, Eigen::Index j);

// Inputs:  scaled (T_q, T_k), spec
// Outputs: masked (T_q, T_k) = scaled with -inf where spec blocks; resized.
void apply_mask(const MatRef& scaled, const MaskSpec& spec, Mat& masked);

}  // namespace attn
