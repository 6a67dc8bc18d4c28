// fuzz/fuzz_lesson_math.cpp — libFuzzer target for the core functions that do the lessons' math
// (issue 13, item 4): build_causal_mask and build_padding_mask (any T, any lengths),
// add_positional_encoding (any X), hard_attention (scores with NaN/±Infinity, with or without
// a V of any shape), score_statistics (mismatched Q/K, any scale, bins and min_range) and
// compare_matrices (any shapes and values). Each call must throw attn::Error exactly when its
// check_* reports a problem, with the same message starting with the function's API name; an
// accepted call must return the documented shapes, finite numbers (-inf only in the additive
// masks), one-hot rows, and histogram counts that add up to T_q·T_k.
#include <cstdint>
#include <numeric>
#include <vector>

#include "attn/hard_attention.hpp"
#include "attn/mask.hpp"
#include "attn/positional.hpp"
#include "attn/statistics.hpp"
#include "fuzz_common.hpp"

namespace {

using namespace attn;

void fuzz_masks(attn_fuzz::Gen& g) {
  const int T = g.flag() ? g.any_int() : g.dim(16, kMaxTokens);
  const std::string problem = check_causal_mask(T);
  ATTN_FUZZ_CHECK(problem.empty() == (T >= 1 && T <= kMaxTokens), problem);
  if (!problem.empty()) attn_fuzz::check_message(problem, "causalMask");
  CausalMask c;
  if (!problem.empty() || T <= 64)
    attn_fuzz::check_throws_iff(problem, [&] { build_causal_mask(T, c); });
  if (problem.empty() && T <= 64) {
    for (int i = 0; i < T; ++i)
      for (int j = 0; j < T; ++j) {
        ATTN_FUZZ_CHECK(c.mask(i, j) == (j > i ? 1.0f : 0.0f), "causal mask");
        ATTN_FUZZ_CHECK(
            c.additive(i, j) == (j > i ? -std::numeric_limits<float>::infinity() : 0.0f),
            "causal additive");
      }
  }

  const int B = g.int_in(0, 5);
  const int Tp = g.flag() ? g.dim(16, kMaxTokens) : g.any_int();
  std::vector<int> lengths;
  for (int b = 0; b < B; ++b) lengths.push_back(g.flag() ? g.int_in(0, 16) : g.any_int());
  const std::string pp = check_padding_mask(lengths, Tp);
  bool ok = B >= 1 && Tp >= 1 && Tp <= kMaxTokens;
  for (int L : lengths) ok = ok && L >= 0 && L <= Tp;
  ATTN_FUZZ_CHECK(pp.empty() == ok, pp);
  if (!pp.empty()) attn_fuzz::check_message(pp, "paddingMask");
  if (!pp.empty() || Tp <= 64) {
    PaddingMask p;
    attn_fuzz::check_throws_iff(pp, [&] { build_padding_mask(lengths, Tp, p); });
    if (pp.empty())
      for (int b = 0; b < B; ++b)
        for (int j = 0; j < Tp; ++j) {
          const bool pad = j >= lengths[static_cast<size_t>(b)];
          ATTN_FUZZ_CHECK(p.key_padding[static_cast<size_t>(b * Tp + j)] == (pad ? 1 : 0),
                          "padding");
          ATTN_FUZZ_CHECK(
              p.additive(b, j) == (pad ? -std::numeric_limits<float>::infinity() : 0.0f),
              "padding additive");
        }
  }
}

void fuzz_positional_input(attn_fuzz::Gen& g) {
  const int T = g.dim(12, kMaxTokens), d = g.dim(12, kMaxWidth);
  if (!attn_fuzz::cheap({{T, d}})) return;
  const Mat X = g.matrix(T, d, /*specials=*/g.flag());
  const std::string problem = check_add_positional_encoding(X);
  if (!problem.empty()) attn_fuzz::check_message(problem, "addPositionalEncoding");
  PositionalInput r;
  attn_fuzz::check_throws_iff(problem, [&] { add_positional_encoding(X, r); });
  if (!problem.empty()) return;
  attn_fuzz::check_finite(r.sum, "sum");
  const Mat sum = X + r.pe;
  ATTN_FUZZ_CHECK(r.sum == sum, "sum is not X + pe");
}

void fuzz_hard_attention(attn_fuzz::Gen& g) {
  const int T_q = g.dim(10, kMaxTokens), T_k = g.dim(10, kMaxTokens);
  const bool with_v = g.flag();
  const int V_rows = g.flag() ? T_k : g.dim(10, kMaxTokens), d_v = g.dim(6, kMaxWidth);
  if (!attn_fuzz::cheap({{T_q, T_k}, {V_rows, d_v}})) return;
  const Mat scores = g.matrix(T_q, T_k, /*specials=*/g.flag());
  const Mat V = g.matrix(V_rows, d_v, /*specials=*/g.flag());
  const Mat* v_ptr = with_v ? &V : nullptr;
  const std::string problem = check_hard_attention(scores, v_ptr);
  if (!problem.empty()) attn_fuzz::check_message(problem, "hardAttention");
  HardAttentionResult r;
  attn_fuzz::check_throws_iff(problem, [&] { hard_attention(scores, v_ptr, r); });
  if (!problem.empty()) return;
  for (int i = 0; i < T_q; ++i) {
    const int j = r.index[static_cast<size_t>(i)];
    const float best = scores.row(i).maxCoeff();
    if (best == -std::numeric_limits<float>::infinity()) {
      ATTN_FUZZ_CHECK(j == -1 && r.weights.row(i).isZero(0.0f), "blocked row chose a key");
      continue;
    }
    ATTN_FUZZ_CHECK(j >= 0 && j < T_k && scores(i, j) == best, "not an argmax");
    for (int k = 0; k < j; ++k) ATTN_FUZZ_CHECK(scores(i, k) < best, "not the first argmax");
    ATTN_FUZZ_CHECK(r.weights(i, j) == 1.0f && r.weights.row(i).sum() == 1.0f, "not one-hot");
    if (with_v) ATTN_FUZZ_CHECK(r.output.row(i) == V.row(j), "output is not the chosen V row");
  }
}

void fuzz_score_statistics(attn_fuzz::Gen& g) {
  const int T_q = g.dim(10, kMaxTokens), T_k = g.dim(10, kMaxTokens), d_k = g.dim(8, kMaxWidth);
  const int K_cols = g.flag() ? d_k : g.dim(8, kMaxWidth);
  if (!attn_fuzz::cheap({{T_q, d_k}, {T_k, K_cols}, {T_q, T_k}})) return;
  const bool specials = g.flag();
  const Mat Q = g.matrix(T_q, d_k, specials), K = g.matrix(T_k, K_cols, specials);
  ScoreStatisticsOptions o;
  if (g.flag()) o.scale = g.value();
  if (g.flag()) o.bins = g.flag() ? g.int_in(1, 64) : g.any_int();
  if (g.flag()) o.min_range = g.value();
  const std::string problem = check_score_statistics(Q, K, o);
  if (!problem.empty()) attn_fuzz::check_message(problem, "scoreStatistics");
  ScoreStatistics s;
  attn_fuzz::check_throws_iff(problem, [&] { score_statistics(Q, K, o, s); });
  if (!problem.empty()) return;
  for (const ScoreSummary* x : {&s.raw, &s.scaled}) {
    ATTN_FUZZ_CHECK(std::isfinite(x->mean) && std::isfinite(x->sd) && x->sd >= 0.0f, "summary");
    ATTN_FUZZ_CHECK(static_cast<int>(x->counts.size()) == o.bins, "bins");
    ATTN_FUZZ_CHECK(
        std::accumulate(x->counts.begin(), x->counts.end(), 0L) == static_cast<long>(T_q) * T_k,
        "counts do not add up");
    ATTN_FUZZ_CHECK(x->min >= -s.range && x->max <= s.range, "range");
  }
  ATTN_FUZZ_CHECK(std::isfinite(s.range) && s.range > 0.0f, "range");
  ATTN_FUZZ_CHECK(s.mean_max_weight > 0.0f && s.mean_max_weight <= 1.0f + 1e-6f, "saturation");
}

void fuzz_compare(attn_fuzz::Gen& g) {
  const int r = g.dim(10, kMaxTokens), c = g.dim(10, kMaxWidth);
  const int r2 = g.flag() ? r : g.dim(10, kMaxTokens), c2 = g.flag() ? c : g.dim(10, kMaxWidth);
  if (!attn_fuzz::cheap({{r, c}, {r2, c2}})) return;
  const bool specials = g.flag();
  const Mat A = g.matrix(r, c, specials), B = g.matrix(r2, c2, specials);
  const std::string problem = check_compare_matrices(A, B);
  if (!problem.empty()) attn_fuzz::check_message(problem, "compareMatrices");
  Comparison cmp;
  attn_fuzz::check_throws_iff(problem, [&] { compare_matrices(A, B, cmp); });
  if (!problem.empty()) return;
  attn_fuzz::check_finite(cmp.difference, "difference");
  ATTN_FUZZ_CHECK(cmp.max_abs == cmp.difference.cwiseAbs().maxCoeff(), "max_abs");
  ATTN_FUZZ_CHECK(std::abs(cmp.difference(cmp.row, cmp.col)) == cmp.max_abs, "position");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  attn_fuzz::Gen g(data, size);
  switch (g.byte() % 5) {
    case 0:
      fuzz_masks(g);
      break;
    case 1:
      fuzz_positional_input(g);
      break;
    case 2:
      fuzz_hard_attention(g);
      break;
    case 3:
      fuzz_score_statistics(g);
      break;
    default:
      fuzz_compare(g);
      break;
  }
  return 0;
}
