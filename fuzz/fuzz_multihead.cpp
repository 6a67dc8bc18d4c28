// fuzz/fuzz_multihead.cpp — libFuzzer target for multi-head attention
// (attn::multi_head_attention, check_multi_head_attention): any number of heads (zero,
// negative, not dividing E, over the limit), mismatched query/key/value/projection shapes,
// biases of the wrong length, key-padding masks of any length, boolean masks of any shape,
// causal, NaN, ±Infinity and huge finite values. A rejected call must throw attn::Error with
// the check's message ("multiHeadAttention: …"); an accepted one must give finite heads,
// concat, output and average weights, with weight rows summing to 1 (0 when fully blocked).
// It does not check values against PyTorch (tests/core does with goldens).
#include <cstdint>
#include <vector>

#include "attn/multihead.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const bool consistent = g.byte() % 4 != 0;
  const int T_q = g.dim(5, kMaxTokens), T_k = g.dim(5, kMaxTokens);
  const int E = g.dim(8, kMaxWidth);
  MultiHeadConfig config;
  switch (g.byte() % 4) {
    case 0:
      config.n_heads = g.any_int();
      break;
    case 1:
      config.n_heads = g.int_in(-2, kMaxHeads + 2);
      break;
    default:
      config.n_heads = g.int_in(1, 8);
  }
  if (!attn_fuzz::cheap({{T_q, E}, {T_k, E}, {3 * E, E}, {T_q, T_k}})) return 0;
  const bool specials = g.byte() % 3 == 0;
  const Mat query = g.matrix(T_q, E, specials);
  const Mat key = g.matrix(T_k, consistent ? E : g.int_in(0, 9), specials);
  const Mat value = g.matrix(consistent ? T_k : g.int_in(0, 6), E, specials);
  MultiHeadWeights w;
  w.in_proj_weight = g.matrix(consistent ? 3 * E : g.int_in(0, 9), E, specials);
  w.out_proj_weight = g.matrix(E, consistent ? E : g.int_in(0, 9), specials);
  if (g.flag()) w.in_proj_bias = g.vector(consistent ? 3 * E : g.int_in(0, 9), specials);
  if (g.flag()) w.out_proj_bias = g.vector(consistent ? E : g.int_in(0, 9), specials);
  MultiHeadOptions o;
  o.causal = g.flag();
  Mat mask;
  if (g.flag()) {
    const bool right = g.byte() % 4 != 0;
    mask = g.matrix(right ? T_q : g.int_in(0, 6), right ? T_k : g.int_in(0, 6), g.flag());
    if (g.flag()) mask.setOnes();
    o.mask = &mask;
  }
  std::vector<std::uint8_t> padding;
  if (g.flag()) {
    padding.resize(static_cast<std::size_t>(consistent ? T_k : g.int_in(0, 6)));
    for (auto& p : padding) p = g.byte() % 3 == 0 ? 1 : 0;
    o.key_padding = padding.data();  // may be a non-null pointer to nothing when empty
    o.key_padding_size = static_cast<long>(padding.size());
  }

  const std::string problem = check_multi_head_attention(query, key, value, config, w, o);
  if (!problem.empty()) attn_fuzz::check_message(problem, "multiHeadAttention");
  // Valid but slow to compute under the sanitizers: checked only.
  if (problem.empty() && static_cast<long>(T_q + T_k) * E * E + 4L * T_q * T_k * E > (1L << 20))
    return 0;
  MultiHeadResult r;
  attn_fuzz::check_throws_iff(problem,
                              [&] { multi_head_attention(query, key, value, config, w, o, r); });
  if (!problem.empty()) return 0;

  std::vector<bool> fully_blocked(static_cast<std::size_t>(T_q), true);
  for (int i = 0; i < T_q; ++i)
    for (int j = 0; j < T_k; ++j)
      if (!((o.causal && j > i) || (o.mask && mask(i, j) != 0.0f) ||
            (o.key_padding && padding[static_cast<std::size_t>(j)] != 0)))
        fully_blocked[static_cast<std::size_t>(i)] = false;
  auto blocked = [&](Eigen::Index i) { return fully_blocked[static_cast<std::size_t>(i)]; };
  ATTN_FUZZ_CHECK(r.heads.size() == static_cast<std::size_t>(config.n_heads), "head count");
  for (const HeadResult& head : r.heads) {
    attn_fuzz::check_finite(head.q, "head.q");
    attn_fuzz::check_finite(head.k, "head.k");
    attn_fuzz::check_finite(head.v, "head.v");
    attn_fuzz::check_finite(head.output, "head.output");
    attn_fuzz::check_weights(head.weights, blocked, "head.weights");
  }
  attn_fuzz::check_finite(r.concat, "concat");
  attn_fuzz::check_finite(r.output, "output");
  attn_fuzz::check_weights(r.average_weights, blocked, "average_weights");
  return 0;
}
