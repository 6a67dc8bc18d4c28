// fuzz/fuzz_softmax.cpp — libFuzzer target for attn::softmax_rows and check_softmax: any shape
// (including empty and over the limits), any values (NaN, ±Infinity, huge, denormal) and any
// temperature. A rejected input must throw attn::Error with check_softmax's message, which
// names "softmax"; an accepted one must give finite weights in [0, 1], rows summing to 1
// (all-zero for a fully -Infinity row) and exact zeros at -Infinity entries.
// It does not compare against a reference softmax (tests/core does that with goldens).
#include <cstdint>

#include "attn/softmax.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const int rows = g.dim(6, kMaxTokens);
  const int cols = g.dim(6, kMaxWidth);
  if (!attn_fuzz::cheap({{rows, cols}})) return 0;
  float temperature = g.value();
  if (g.flag()) temperature = g.flag() ? 1.0f : 1e30f;
  const Mat x = g.matrix(rows, cols, /*specials=*/true);

  const std::string problem = check_softmax(x, temperature);
  if (!problem.empty()) attn_fuzz::check_message(problem, "softmax");
  Mat out;
  attn_fuzz::check_throws_iff(problem, [&] { softmax_rows(x, temperature, out); });
  if (!problem.empty()) return 0;

  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  ATTN_FUZZ_CHECK(out.rows() == x.rows() && out.cols() == x.cols(), "shape");
  attn_fuzz::check_weights(
      out, [&](Eigen::Index i) { return (x.row(i).array() == kNegInf).all(); }, "softmax");
  for (Eigen::Index k = 0; k < x.size(); ++k)
    if (x.data()[k] == kNegInf) ATTN_FUZZ_CHECK(out.data()[k] == 0.0f, "blocked entry not 0");
  return 0;
}
