// fuzz/fuzz_rnn.cpp — libFuzzer target for the bottleneck lesson's tanh RNN encoder
// (attn::rnn_encoder, check_rnn_encoder): mismatched x/Wx/Wh/b shapes, empty and over-the-limit
// sizes, NaN, ±Infinity and huge finite values. A rejected call must throw attn::Error with
// the check's message ("rnnEncoder: …"); an accepted one must give states in [-1, 1] and a
// finite, non-negative influence for every token and first-to-last ratio. It does not check
// values against autograd.
#include <cstdint>

#include "attn/rnn.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const bool consistent = g.byte() % 4 != 0;
  const int T = g.dim(40, kMaxRnnTokens), d_in = g.dim(5, kMaxWidth);
  const int h = g.dim(6, kMaxRnnHidden);
  if (!attn_fuzz::cheap({{T, d_in}, {h, d_in}, {h, h}})) return 0;
  const bool specials = g.byte() % 3 == 0;
  const Mat x = g.matrix(T, d_in, specials);
  RnnWeights w;
  w.Wx = g.matrix(h, consistent ? d_in : g.int_in(0, 6), specials);
  w.Wh = g.matrix(consistent ? h : g.int_in(0, 7), consistent ? h : g.int_in(0, 7), specials);
  w.b = g.vector(consistent ? h : g.int_in(0, 7), specials);

  const std::string problem = check_rnn_encoder(x, w);
  if (!problem.empty()) attn_fuzz::check_message(problem, "rnnEncoder");
  // Valid but slow to compute under the sanitizers (the influence is O(T·h³)): checked only.
  if (problem.empty() && static_cast<long>(T) * h * h * (h + d_in) > (1L << 20)) return 0;
  RnnResult r;
  attn_fuzz::check_throws_iff(problem, [&] { rnn_encoder(x, w, r); });
  if (!problem.empty()) return 0;

  attn_fuzz::check_finite(r.states, "states");
  ATTN_FUZZ_CHECK((r.states.array().abs() <= 1.0f).all(), "|state| > 1");
  ATTN_FUZZ_CHECK(r.influence.size() == T, "influence length");
  ATTN_FUZZ_CHECK(r.influence.allFinite(), "influence has a non-finite value");
  ATTN_FUZZ_CHECK((r.influence.array() >= 0.0f).all(), "negative influence");
  ATTN_FUZZ_CHECK(std::isfinite(r.first_to_last) && r.first_to_last >= 0.0f, "first_to_last");
  return 0;
}
