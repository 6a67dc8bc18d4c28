// fuzz/fuzz_positional.cpp — libFuzzer target for attn::positional_encoding and
// check_positional_encoding over the whole int range of length and d_model. Rejected sizes
// must throw attn::Error with check_positional_encoding's message ("positionalEncoding: …");
// accepted ones (computed only when small, to keep the fuzzer fast) must be finite, in
// [-1, 1], with sin(0) = 0 and cos(0) = 1 in row 0. It does not compare with a reference PE
// (tests/core does that with goldens).
#include <cstdint>

#include "attn/positional.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const int length = g.flag() ? g.any_int() : g.dim(64, kMaxTokens);
  const int d_model = g.flag() ? g.any_int() : g.dim(64, kMaxWidth);
  const std::string problem = check_positional_encoding(length, d_model);
  const bool ok = length >= 1 && length <= kMaxTokens && d_model >= 1 && d_model <= kMaxWidth &&
                  static_cast<long>(length) * d_model <= kMaxElements;
  ATTN_FUZZ_CHECK(problem.empty() == ok, problem);
  if (!ok) {
    attn_fuzz::check_message(problem, "positionalEncoding");
    Mat pe;
    attn_fuzz::check_throws_iff(problem, [&] { positional_encoding(length, d_model, pe); });
    return 0;
  }
  if (static_cast<long>(length) * d_model > 64 * 64) return 0;  // valid, but slow to fuzz
  Mat pe;
  positional_encoding(length, d_model, pe);
  ATTN_FUZZ_CHECK(pe.rows() == length && pe.cols() == d_model, "shape");
  attn_fuzz::check_finite(pe, "pe");
  ATTN_FUZZ_CHECK((pe.array().abs() <= 1.0f).all(), "|PE| > 1");
  for (int j = 0; j < d_model; ++j) ATTN_FUZZ_CHECK(pe(0, j) == (j % 2 ? 1.0f : 0.0f), "row 0");
  return 0;
}
