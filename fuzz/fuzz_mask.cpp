// fuzz/fuzz_mask.cpp — libFuzzer target for the masks (attn/mask.hpp) and their validation
// (check_mask): causal, boolean and key-padding masks in any combination over scores of any
// small shape, and masks of any (wrong) shape and value. apply_mask must write exactly -Infinity
// where is_blocked says so and leave every other score untouched; causal_mask must be 1
// exactly above the diagonal; check_mask must accept a mask iff its shape is (T_q, T_k) and its
// values are finite. It does not run softmax (fuzz_softmax.cpp does).
#include <cstdint>
#include <vector>

#include "attn/mask.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const int T_q = g.int_in(1, 8), T_k = g.int_in(1, 8);
  // A mask of the right shape or a wrong one, with any values.
  const int m_rows = g.flag() ? T_q : g.int_in(0, 9);
  const int m_cols = g.flag() ? T_k : g.int_in(0, 9);
  const Mat mask = g.matrix(m_rows, m_cols, /*specials=*/true);
  const std::string problem = check_mask("attention", "mask", mask, T_q, T_k);
  const bool ok = m_rows == T_q && m_cols == T_k && mask.allFinite();
  ATTN_FUZZ_CHECK(problem.empty() == ok, "check_mask: " + problem);
  if (!problem.empty()) attn_fuzz::check_message(problem, "attention");

  const Mat causal = causal_mask(T_q, T_k);
  for (int i = 0; i < T_q; ++i)
    for (int j = 0; j < T_k; ++j)
      ATTN_FUZZ_CHECK(causal(i, j) == (j > i ? 1.0f : 0.0f), "causal_mask");

  std::vector<std::uint8_t> padding(static_cast<std::size_t>(T_k));
  for (auto& p : padding) p = g.flag() ? g.byte() : 0;
  MaskSpec spec;
  spec.causal = g.flag();
  if (ok && g.flag()) spec.mask = &mask;
  if (g.flag()) spec.key_padding = padding.data();
  const Mat scaled = g.matrix(T_q, T_k, /*specials=*/false);
  Mat masked;
  apply_mask(scaled, spec, masked);
  ATTN_FUZZ_CHECK(masked.rows() == T_q && masked.cols() == T_k, "apply_mask shape");
  for (int i = 0; i < T_q; ++i)
    for (int j = 0; j < T_k; ++j) {
      const bool blocked = (spec.causal && j > i) || (spec.mask && mask(i, j) != 0.0f) ||
                           (spec.key_padding && padding[static_cast<std::size_t>(j)] != 0);
      ATTN_FUZZ_CHECK(is_blocked(spec, i, j) == blocked, "is_blocked");
      if (blocked)
        ATTN_FUZZ_CHECK(masked(i, j) == -std::numeric_limits<float>::infinity(), "not -inf");
      else
        ATTN_FUZZ_CHECK(masked(i, j) == scaled(i, j), "allowed score changed");
    }
  return 0;
}
