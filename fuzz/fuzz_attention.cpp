// fuzz/fuzz_attention.cpp — libFuzzer target for scaled dot-product attention (attn::attention,
// check_attention): consistent and mismatched shapes, empty and over-the-limit sizes, NaN,
// ±Infinity and huge finite values, any scale, causal and boolean masks (wrong shape, NaN,
// blocking everything). A rejected call must throw attn::Error with check_attention's message
// ("attention: …"); an accepted one must give finite scores, scaled, weights and output,
// masked = scaled with exactly -Infinity where blocked, rows of weights summing to 1 (all zero
// and a zero output for a fully blocked row). It does not check the values against PyTorch.
#include <cstdint>

#include "attn/attention.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const bool consistent = g.byte() % 4 != 0;
  const int T_q = g.dim(6, kMaxTokens), T_k = g.dim(6, kMaxTokens);
  const int d_k = g.dim(6, kMaxWidth), d_v = g.dim(6, kMaxWidth);
  const int K_cols = consistent ? d_k : g.int_in(0, 7);
  const int V_rows = consistent ? T_k : g.int_in(0, 7);
  if (!attn_fuzz::cheap({{T_q, d_k}, {T_k, K_cols}, {V_rows, d_v}, {T_q, T_k}})) return 0;
  const bool specials = g.byte() % 3 == 0;
  const Mat Q = g.matrix(T_q, d_k, specials);
  const Mat K = g.matrix(T_k, K_cols, specials);
  const Mat V = g.matrix(V_rows, d_v, specials);
  AttentionOptions o;
  o.causal = g.flag();
  Mat mask;
  if (g.flag()) {
    const bool right = g.byte() % 4 != 0;
    mask = g.matrix(right ? T_q : g.int_in(0, 7), right ? T_k : g.int_in(0, 7), g.flag());
    if (g.flag()) mask.setOnes();  // block everything
    o.mask = &mask;
  }
  if (g.flag()) o.scale = g.value();

  const std::string problem = check_attention(Q, K, V, o);
  if (!problem.empty()) attn_fuzz::check_message(problem, "attention");
  // Valid but slow to compute under the sanitizers: checked only.
  if (problem.empty() && static_cast<long>(T_q) * T_k * (d_k + d_v) > (1L << 20)) return 0;
  AttentionResult r;
  attn_fuzz::check_throws_iff(problem, [&] { attention(Q, K, V, o, r); });
  if (!problem.empty()) return 0;

  attn_fuzz::check_finite(r.scores, "scores");
  attn_fuzz::check_finite(r.scaled, "scaled");
  attn_fuzz::check_finite(r.output, "output");
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  std::vector<bool> fully_blocked(static_cast<std::size_t>(T_q), true);
  for (int i = 0; i < T_q; ++i)
    for (int j = 0; j < T_k; ++j) {
      const bool blocked = (o.causal && j > i) || (o.mask && mask(i, j) != 0.0f);
      if (blocked) {
        ATTN_FUZZ_CHECK(r.masked(i, j) == kNegInf, "blocked score is not -inf");
        ATTN_FUZZ_CHECK(r.weights(i, j) == 0.0f, "blocked weight is not 0");
      } else {
        ATTN_FUZZ_CHECK(r.masked(i, j) == r.scaled(i, j), "allowed score changed by the mask");
        fully_blocked[static_cast<std::size_t>(i)] = false;
      }
    }
  attn_fuzz::check_weights(
      r.weights, [&](Eigen::Index i) { return fully_blocked[static_cast<std::size_t>(i)]; },
      "weights");
  for (int i = 0; i < T_q; ++i)
    if (fully_blocked[static_cast<std::size_t>(i)])
      ATTN_FUZZ_CHECK((r.output.row(i).array() == 0.0f).all(), "blocked row output not 0");
  return 0;
}
