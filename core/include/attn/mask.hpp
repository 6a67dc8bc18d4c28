// attn/mask.hpp — causal and boolean masks, and writing -inf into blocked score positions.
// A mask is a (T_q, T_k) float matrix where nonzero means "query i may not see key j"
// (PyTorch's boolean attn_mask convention). The lessons also show a mask's additive form M
// (0 where allowed, -inf where blocked: masked = scaled + M), which build_causal_mask and
// build_padding_mask return next to the form the attention functions take.
// It does not compute scores or softmax.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attn/types.hpp"

namespace attn {

// The causal mask (T_q, T_k): 1 where key j > query i (the future), else 0.
Mat causal_mask(int T_q, int T_k);

// The causal mask of T tokens in both forms (what the lessons' causalMask(T) returns).
struct CausalMask {
  Mat mask;      // mask:     (T, T), 1 where key j > query i, else 0 (AttentionOptions::mask)
  Mat additive;  // additive: (T, T), 0 where j <= i, -inf where j > i (added to the scores)
};

// "" when 1 <= T <= kMaxTokens, else a message naming `fn` and T.
std::string check_causal_mask(int T, const char* fn = "causalMask");

// Outputs: out.mask and out.additive (T, T), resized. Throws attn::Error on a bad T.
void build_causal_mask(int T, CausalMask& out);

// The key-padding masks of a ragged batch: item b has lengths[b] real tokens, padded to T.
struct PaddingMask {
  std::vector<std::uint8_t> key_padding;  // key_padding: (B, T) row-major, 1 where j >= lengths[b]
                                          // (row b is MaskSpec::key_padding of item b)
  Mat additive;                           // additive: (B, T), 0 for a real token, -inf for padding
};

// "" when 1 <= B <= kMaxTokens, 1 <= T <= kMaxTokens and every 0 <= lengths[b] <= T; else a
// message naming `fn`, the offending length and T.
std::string check_padding_mask(const std::vector<int>& lengths, int T,
                               const char* fn = "paddingMask");

// Inputs:  lengths (B), T
// Outputs: out.key_padding (B·T) and out.additive (B, T), resized. Throws attn::Error.
void build_padding_mask(const std::vector<int>& lengths, int T, PaddingMask& out);

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
