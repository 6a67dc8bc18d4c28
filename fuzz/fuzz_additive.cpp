// fuzz/fuzz_additive.cpp — libFuzzer target for additive (Bahdanau) attention
// (attn::additive_attention, check_additive_attention): mismatched Q/K/V/Wq/Wk/v shapes, empty
// and over-the-limit sizes, NaN, ±Infinity and huge finite values, masks of any shape, masks
// blocking everything. A rejected call must throw attn::Error with the check's message
// ("additiveAttention: …"); an accepted one must give finite scores and output and weight rows
// summing to 1 (all zero when fully blocked). It does not check values against PyTorch.
#include <cstdint>

#include "attn/additive.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const bool consistent = g.byte() % 4 != 0;
  const int T_q = g.dim(5, kMaxTokens), T_k = g.dim(5, kMaxTokens);
  const int d_q = g.dim(5, kMaxWidth), d_k = g.dim(5, kMaxWidth), d_v = g.dim(5, kMaxWidth);
  const int h = g.dim(5, kMaxWidth);
  if (!attn_fuzz::cheap({{T_q, d_q}, {T_k, d_k}, {T_k, d_v}, {h, d_q + d_k}, {T_q, T_k}})) return 0;
  const bool specials = g.byte() % 3 == 0;
  const Mat Q = g.matrix(T_q, d_q, specials);
  const Mat K = g.matrix(T_k, d_k, specials);
  const Mat V = g.matrix(consistent ? T_k : g.int_in(0, 6), d_v, specials);
  AdditiveWeights w;
  w.Wq = g.matrix(h, consistent ? d_q : g.int_in(0, 6), specials);
  w.Wk = g.matrix(consistent ? h : g.int_in(0, 6), d_k, specials);
  w.v = g.vector(consistent ? h : g.int_in(0, 6), specials);
  Mat mask;
  const Mat* mask_ptr = nullptr;
  if (g.flag()) {
    const bool right = g.byte() % 4 != 0;
    mask = g.matrix(right ? T_q : g.int_in(0, 6), right ? T_k : g.int_in(0, 6), g.flag());
    if (g.flag()) mask.setOnes();
    mask_ptr = &mask;
  }

  const std::string problem = check_additive_attention(Q, K, V, w, mask_ptr);
  if (!problem.empty()) attn_fuzz::check_message(problem, "additiveAttention");
  // Valid but slow to compute under the sanitizers: checked only.
  if (problem.empty() &&
      static_cast<long>(T_q) * T_k * (h + d_v) + static_cast<long>(h) * (d_q + d_k) > (1L << 20))
    return 0;
  AdditiveResult r;
  attn_fuzz::check_throws_iff(problem, [&] { additive_attention(Q, K, V, w, mask_ptr, r); });
  if (!problem.empty()) return 0;

  attn_fuzz::check_finite(r.scores, "scores");
  attn_fuzz::check_finite(r.output, "output");
  attn_fuzz::check_weights(
      r.weights,
      [&](Eigen::Index i) { return mask_ptr != nullptr && (mask.row(i).array() != 0.0f).all(); },
      "weights");
  return 0;
}
