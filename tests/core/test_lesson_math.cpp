// tests/core/test_lesson_math.cpp — the core functions that took over math the lessons used to
// do in JavaScript (project issue 13, item 4): the causal and padding masks in both forms,
// X + PE, hard (argmax) attention, lesson 4's score statistics and the matrix comparison of
// lessons 9 and 11. For each: exact small cases worked out by hand, properties on seeded random
// inputs (agreement with attention(), softmax and positional_encoding), and validation messages
// naming the function, the argument and the shapes. Expected values are derived here from the
// definitions, never copied from a run.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "attn/hard_attention.hpp"
#include "attn/mask.hpp"
#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/rnn.hpp"
#include "attn/softmax.hpp"
#include "attn/statistics.hpp"
#include "random.hpp"

using namespace attn;
using namespace attn_test;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Runs `call`, expects attn::Error, and checks every fragment is in the message.
void expect_error(const std::function<void()>& call, const std::vector<std::string>& fragments) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one containing \"" << fragments.front() << "\"";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos)
          << "message \"" << msg << "\" lacks \"" << f << "\"";
  }
}

Mat rows_of(long rows, long cols, std::initializer_list<float> values) {
  Mat m(rows, cols);
  long k = 0;
  for (float v : values) m.data()[k++] = v;
  return m;
}

}  // namespace

// --- masks ------------------------------------------------------------------------------------

TEST(LessonMath, CausalMaskBothFormsExact) {
  CausalMask m;
  build_causal_mask(3, m);
  const Mat mask = rows_of(3, 3, {0, 1, 1, 0, 0, 1, 0, 0, 0});
  const Mat additive = rows_of(3, 3, {0, -kInf, -kInf, 0, 0, -kInf, 0, 0, 0});
  EXPECT_EQ(m.mask, mask);
  EXPECT_EQ(m.additive, additive);
  build_causal_mask(1, m);
  EXPECT_EQ(m.mask, Mat::Zero(1, 1));
  EXPECT_EQ(m.additive, Mat::Zero(1, 1));
}

TEST(LessonMath, CausalMaskIsWhatCausalAttentionApplies) {
  // masked = scaled + M, and passing mask as AttentionOptions::mask equals causal = true.
  Rng rng(31);
  const int T = 7;
  CausalMask m;
  build_causal_mask(T, m);
  const Mat Q = rng.matrix(T, 5), K = rng.matrix(T, 5), V = rng.matrix(T, 3);
  AttentionOptions causal, masked;
  causal.causal = true;
  masked.mask = &m.mask;
  AttentionResult a, b;
  attention(Q, K, V, causal, a);
  attention(Q, K, V, masked, b);
  EXPECT_EQ(a.masked, b.masked);
  EXPECT_EQ(a.weights, b.weights);
  const Mat sum = a.scaled + m.additive;
  EXPECT_EQ(sum, a.masked);
}

TEST(LessonMath, PaddingMaskBothFormsExact) {
  PaddingMask p;
  build_padding_mask({2, 0, 3}, 3, p);
  const std::vector<std::uint8_t> key_padding{0, 0, 1, 1, 1, 1, 0, 0, 0};
  EXPECT_EQ(p.key_padding, key_padding);
  const Mat additive = rows_of(3, 3, {0, 0, -kInf, -kInf, -kInf, -kInf, 0, 0, 0});
  EXPECT_EQ(p.additive, additive);
}

TEST(LessonMath, PaddingMaskRowIsWhatMultiHeadTakes) {
  // Row b of key_padding blocks exactly the padded keys: each query's weights on them are 0
  // and the real keys' weights sum to 1.
  Rng rng(32);
  const int E = 4, T = 5;
  PaddingMask p;
  build_padding_mask({3, 5}, T, p);
  MultiHeadWeights w{rng.matrix(3 * E, E), RowVec(), rng.matrix(E, E), RowVec()};
  for (int b = 0; b < 2; ++b) {
    MultiHeadOptions o;
    o.key_padding = p.key_padding.data() + b * T;
    o.key_padding_size = T;
    const Mat X = rng.matrix(T, E);
    MultiHeadResult r;
    multi_head_attention(X, X, X, {1}, w, o, r);
    for (int i = 0; i < T; ++i) {
      double open = 0.0;
      for (int j = 0; j < T; ++j) {
        if (std::isinf(p.additive(b, j)))
          EXPECT_EQ(r.average_weights(i, j), 0.0f);
        else
          open += r.average_weights(i, j);
      }
      EXPECT_NEAR(open, 1.0, 1e-6);
    }
  }
}

TEST(LessonMath, MaskValidation) {
  CausalMask c;
  PaddingMask p;
  expect_error([&] { build_causal_mask(0, c); }, {"causalMask: T", "1 to 4096", "got 0"});
  expect_error([&] { build_causal_mask(4097, c); }, {"causalMask: T", "got 4097"});
  expect_error([&] { build_padding_mask({}, 3, p); }, {"paddingMask: lengths", "got 0"});
  const std::vector<int> too_long{2, 4};
  expect_error([&] { build_padding_mask(too_long, 3, p); },
               {"paddingMask: lengths[1] is 4", "from 0 to T = 3"});
  expect_error([&] { build_padding_mask({-1}, 3, p); }, {"paddingMask: lengths[0] is -1"});
  expect_error([&] { build_padding_mask({1}, 0, p); }, {"paddingMask: T", "got 0"});
  EXPECT_EQ(check_causal_mask(5), "");
  EXPECT_EQ(check_padding_mask({0, 5}, 5), "");
}

// --- X + PE -----------------------------------------------------------------------------------

TEST(LessonMath, AddPositionalEncodingExact) {
  // PE[0] = [sin 0, cos 0] = [0, 1]; PE[1] = [sin 1, cos 1] for d_model = 2.
  const Mat X = rows_of(2, 2, {1.0f, 2.0f, -3.0f, 0.5f});
  PositionalInput r;
  add_positional_encoding(X, r);
  EXPECT_EQ(r.pe(0, 0), 0.0f);
  EXPECT_EQ(r.pe(0, 1), 1.0f);
  EXPECT_EQ(r.pe(1, 0), static_cast<float>(std::sin(1.0)));
  EXPECT_EQ(r.pe(1, 1), static_cast<float>(std::cos(1.0)));
  EXPECT_EQ(r.sum(0, 0), 1.0f);
  EXPECT_EQ(r.sum(0, 1), 3.0f);
  EXPECT_EQ(r.sum(1, 0), -3.0f + static_cast<float>(std::sin(1.0)));
  EXPECT_EQ(r.sum(1, 1), 0.5f + static_cast<float>(std::cos(1.0)));
}

TEST(LessonMath, AddPositionalEncodingIsXPlusPositionalEncoding) {
  Rng rng(33);
  for (const auto& [T, d] : std::vector<std::pair<int, int>>{{1, 1}, {5, 7}, {16, 8}, {40, 64}}) {
    const Mat X = rng.matrix(T, d, 3.0f);
    PositionalInput r;
    add_positional_encoding(X, r);
    Mat pe;
    positional_encoding(T, d, pe);
    EXPECT_EQ(r.pe, pe);
    const Mat sum = X + pe;
    EXPECT_EQ(r.sum, sum);
    // Shuffling the tokens and then adding PE is no longer a shuffle of the sums: position
    // is now part of the input (the point of lesson 9).
    if (T > 1) {
      Mat swapped = X;
      swapped.row(0).swap(swapped.row(1));
      PositionalInput s;
      add_positional_encoding(swapped, s);
      EXPECT_FALSE(s.sum.row(0).isApprox(r.sum.row(1)));
    }
  }
}

TEST(LessonMath, AddPositionalEncodingValidation) {
  PositionalInput r;
  expect_error([&] { add_positional_encoding(Mat(0, 4), r); },
               {"addPositionalEncoding: X", "(0, 4)"});
  Mat X = Mat::Zero(3, 4);
  X(2, 1) = kNaN;
  expect_error([&] { add_positional_encoding(X, r); },
               {"addPositionalEncoding: X", "(3, 4)", "NaN", "(2, 1)"});
  expect_error([&] { add_positional_encoding(Mat::Zero(4097, 1), r); },
               {"addPositionalEncoding: X", "over the limit"});
}

// --- hard attention ---------------------------------------------------------------------------

TEST(LessonMath, HardAttentionExactWithTiesAndBlockedRows) {
  const Mat scores = rows_of(3, 4,
                             {1, 3, 3, 0,                    // tie: the first maximum, key 1
                              -kInf, -2, -kInf, -5,          // blocked keys never win
                              -kInf, -kInf, -kInf, -kInf});  // fully blocked: none
  const Mat V = rows_of(4, 2, {10, 11, 20, 21, 30, 31, 40, 41});
  HardAttentionResult r;
  hard_attention(scores, &V, r);
  EXPECT_EQ(r.index, (std::vector<int>{1, 1, -1}));
  const Mat weights = rows_of(3, 4, {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(r.weights, weights);
  const Mat output = rows_of(3, 2, {20, 21, 20, 21, 0, 0});
  EXPECT_EQ(r.output, output);
  // Without V: the same choice, no output columns.
  HardAttentionResult n;
  hard_attention(scores, nullptr, n);
  EXPECT_EQ(n.index, r.index);
  EXPECT_EQ(n.weights, r.weights);
  EXPECT_EQ(n.output.rows(), 3);
  EXPECT_EQ(n.output.cols(), 0);
}

TEST(LessonMath, HardAttentionPicksSoftmaxsLargestWeight) {
  // On attention()'s own scores: the chosen key carries the largest soft weight, the one-hot
  // output is weights · V, and a cold softmax (τ → 0, no ties) converges to the same one-hot.
  Rng rng(34);
  for (int trial = 0; trial < 10; ++trial) {
    const long T_q = 1 + trial % 5, T_k = 2 + trial % 7, d = 3;
    const Mat Q = rng.matrix(T_q, d, 2.0f), K = rng.matrix(T_k, d, 2.0f), V = rng.matrix(T_k, 4);
    AttentionResult a;
    attention(Q, K, V, {}, a);
    HardAttentionResult h;
    hard_attention(a.scaled, &V, h);
    const Mat weighted = h.weights * V;
    EXPECT_EQ(h.output, weighted);
    Mat cold;
    softmax_rows(a.scaled, 1e-6f, cold);
    for (long i = 0; i < T_q; ++i) {
      const int j = h.index[static_cast<size_t>(i)];
      ASSERT_GE(j, 0);
      EXPECT_EQ(a.weights(i, j), a.weights.row(i).maxCoeff());
      for (long k = 0; k < j; ++k) EXPECT_LT(a.scaled(i, k), a.scaled(i, j));  // first maximum
      EXPECT_EQ(h.weights.row(i).sum(), 1.0f);
      EXPECT_NEAR(cold(i, j), 1.0f, 1e-6f);
    }
    // Raw, scaled (scale > 0) and masked-without-blocks scores choose the same keys.
    HardAttentionResult raw;
    hard_attention(a.scores, nullptr, raw);
    EXPECT_EQ(raw.index, h.index);
  }
}

TEST(LessonMath, HardAttentionValidation) {
  HardAttentionResult r;
  const Mat V = Mat::Zero(4, 2);
  expect_error([&] { hard_attention(Mat(0, 3), nullptr, r); }, {"hardAttention: scores", "(0, 3)"});
  Mat s = Mat::Zero(2, 4);
  s(1, 2) = kNaN;
  expect_error([&] { hard_attention(s, nullptr, r); },
               {"hardAttention: scores", "(2, 4)", "NaN", "(1, 2)", "-Infinity (blocked)"});
  s(1, 2) = kInf;
  expect_error([&] { hard_attention(s, nullptr, r); }, {"hardAttention: scores", "Infinity"});
  const Mat V3 = Mat::Zero(3, 2);
  expect_error(
      [&] { hard_attention(Mat::Zero(2, 4), &V3, r); },
      {"hardAttention: V has 3 rows but scores has 4 columns", "scores: (2, 4)", "V: (3, 2)"});
  Mat Vbad = V;
  Vbad(0, 0) = kInf;
  expect_error([&] { hard_attention(Mat::Zero(2, 4), &Vbad, r); },
               {"hardAttention: V", "(4, 2)", "Infinity"});
  EXPECT_EQ(check_hard_attention(Mat::Constant(2, 4, -kInf), &V), "");
}

// --- score statistics -------------------------------------------------------------------------

TEST(LessonMath, ScoreStatisticsExact) {
  // Q·Kᵀ = [[1, 2], [1, 0]]: mean 1, population sd sqrt(1/2), min 0, max 2. d_k = 2.
  const Mat Q = rows_of(2, 2, {1, 0, 0, 1});
  const Mat K = rows_of(2, 2, {1, 1, 2, 0});
  ScoreStatisticsOptions o;
  o.bins = 4;
  o.min_range = 1.0f;
  ScoreStatistics s;
  score_statistics(Q, K, o, s);
  const float scale = static_cast<float>(1.0 / std::sqrt(2.0));
  EXPECT_EQ(s.scale, scale);
  EXPECT_EQ(s.sqrt_dk, static_cast<float>(std::sqrt(2.0)));
  EXPECT_EQ(s.raw.mean, 1.0f);
  EXPECT_EQ(s.raw.sd, static_cast<float>(std::sqrt(0.5)));
  EXPECT_EQ(s.raw.min, 0.0f);
  EXPECT_EQ(s.raw.max, 2.0f);
  EXPECT_NEAR(s.scaled.mean, scale, 1e-7f);
  EXPECT_NEAR(s.scaled.sd, 0.5f, 1e-7f);  // sqrt(1/2) / sqrt(2)
  // range = max(1, 2, 2/sqrt 2) = 2; bins [-2,-1) [-1,0) [0,1) [1,2].
  EXPECT_EQ(s.range, 2.0f);
  EXPECT_EQ(s.edges, (Vec(5) << -2, -1, 0, 1, 2).finished());
  EXPECT_EQ(s.centers, (Vec(4) << -1.5f, -0.5f, 0.5f, 1.5f).finished());
  EXPECT_EQ(s.raw.counts, (std::vector<int>{0, 0, 1, 3}));  // 0 | 1, 1, and 2 on the top edge
  // scaled = [0.707, 1.414, 0.707, 0]: 0 and 0.707 ×2 in [0, 1), 1.414 in [1, 2].
  EXPECT_EQ(s.scaled.counts, (std::vector<int>{0, 0, 3, 1}));
  // softmax rows of scaled: [0.707, 1.414] → max weight σ(0.707); [0.707, 0] → the same.
  const double top = 1.0 / (1.0 + std::exp(-1.0 / std::sqrt(2.0)));
  EXPECT_NEAR(s.mean_max_weight, top, 1e-6);
  EXPECT_NEAR(s.max_max_weight, top, 1e-6);

  // scale = 1: scaled is raw.
  o.scale = 1.0f;
  score_statistics(Q, K, o, s);
  EXPECT_EQ(s.scaled.counts, s.raw.counts);
  EXPECT_EQ(s.scaled.sd, s.raw.sd);
}

TEST(LessonMath, ScoreStatisticsProperties) {
  // q, k entries uniform on [-√3, √3): mean 0, variance 1, so sd(q·k) ≈ √d_k and the default
  // scale brings it to ≈ 1. 64 × 64 = 4096 dot products per d_k.
  Rng rng(35);
  const float unit = std::sqrt(3.0f);
  for (int d_k : {1, 4, 16, 64, 256}) {
    const Mat Q = rng.matrix(64, d_k, unit), K = rng.matrix(64, d_k, unit);
    ScoreStatistics s;
    score_statistics(Q, K, {}, s);
    EXPECT_NEAR(s.raw.sd / std::sqrt(static_cast<float>(d_k)), 1.0f, 0.1f) << d_k;
    EXPECT_NEAR(s.scaled.sd, 1.0f, 0.1f) << d_k;
    EXPECT_NEAR(s.scaled.sd, s.raw.sd * s.scale, 1e-5f * s.raw.sd);
    EXPECT_NEAR(s.scaled.mean, s.raw.mean * s.scale, 1e-4f);
    // Every score is counted once, in the bin its edges say.
    for (const ScoreSummary* x : {&s.raw, &s.scaled}) {
      EXPECT_EQ(std::accumulate(x->counts.begin(), x->counts.end(), 0), 64 * 64);
      EXPECT_GE(x->min, -s.range);
      EXPECT_LE(x->max, s.range);
    }
    EXPECT_EQ(s.edges.size(), 25);
    EXPECT_EQ(s.edges(0), -s.range);
    EXPECT_EQ(s.edges(24), s.range);
    for (int b = 0; b < 24; ++b) EXPECT_LT(s.edges(b), s.centers(b));
    // Saturation: the largest weights are between uniform (1/T_k) and one-hot (1).
    EXPECT_GE(s.mean_max_weight, 1.0f / 64.0f);
    EXPECT_LE(s.mean_max_weight, s.max_max_weight);
    EXPECT_LE(s.max_max_weight, 1.0f);
    // Unscaled, large d_k saturates: the mean largest weight grows with the spread.
    ScoreStatisticsOptions raw;
    raw.scale = 1.0f;
    ScoreStatistics u;
    score_statistics(Q, K, raw, u);
    if (d_k >= 16) {
      EXPECT_GT(u.mean_max_weight, s.mean_max_weight) << d_k;
    }
  }
  // Agreement with attention(): the same scores and weights.
  const Mat Q = rng.matrix(8, 6), K = rng.matrix(8, 6);
  AttentionResult a;
  attention(Q, K, Mat::Zero(8, 1), {}, a);
  ScoreStatistics s;
  score_statistics(Q, K, {}, s);
  EXPECT_EQ(s.raw.max, a.scores.maxCoeff());
  EXPECT_EQ(s.scaled.min, a.scaled.minCoeff());
  EXPECT_EQ(s.max_max_weight, a.weights.maxCoeff());
  // All-zero scores: the range falls back to 1 (no division by zero), all in the middle bins.
  ScoreStatisticsOptions two;
  two.bins = 2;
  score_statistics(Mat::Zero(3, 2), Mat::Zero(4, 2), two, s);
  EXPECT_EQ(s.range, 1.0f);
  EXPECT_EQ(s.raw.counts, (std::vector<int>{0, 12}));
  EXPECT_EQ(s.raw.sd, 0.0f);
  EXPECT_NEAR(s.mean_max_weight, 0.25f, 1e-7f);
}

TEST(LessonMath, ScoreStatisticsValidation) {
  Rng rng(36);
  const Mat Q = rng.matrix(2, 4), K = rng.matrix(5, 4);
  ScoreStatistics s;
  expect_error([&] { score_statistics(Q, rng.matrix(5, 3), {}, s); },
               {"scoreStatistics: K has 3 columns but Q has 4", "Q: (2, 4)", "K: (5, 3)"});
  expect_error([&] { score_statistics(Mat(0, 4), K, {}, s); }, {"scoreStatistics: Q", "(0, 4)"});
  ScoreStatisticsOptions o;
  o.bins = 0;
  expect_error([&] { score_statistics(Q, K, o, s); }, {"scoreStatistics: bins", "got 0"});
  o.bins = 1001;
  expect_error([&] { score_statistics(Q, K, o, s); }, {"scoreStatistics: bins", "1 to 1000"});
  o = {};
  o.min_range = -1.0f;
  expect_error([&] { score_statistics(Q, K, o, s); }, {"scoreStatistics: minRange", "got -1"});
  o.min_range = kNaN;
  expect_error([&] { score_statistics(Q, K, o, s); }, {"scoreStatistics: minRange", "NaN"});
  o = {};
  o.scale = kInf;
  expect_error([&] { score_statistics(Q, K, o, s); }, {"scoreStatistics: scale", "Infinity"});
  o.scale = 1e7f;
  expect_error([&] { score_statistics(Q, K, o, s); }, {"scoreStatistics: scale", "±1e6"});
}

// --- the RNN's first-to-last influence ratio (lesson 1) ---------------------------------------

TEST(LessonMath, RnnFirstToLastIsTheInfluenceRatio) {
  Rng rng(38);
  RnnWeights w{rng.matrix(5, 3, 0.8f), rng.matrix(5, 5, 0.5f), Vec(rng.matrix(5, 1, 0.1f))};
  RnnResult r;
  rnn_encoder(rng.matrix(9, 3), w, r);
  const double ratio = static_cast<double>(r.influence(0)) / static_cast<double>(r.influence(8));
  EXPECT_EQ(r.first_to_last, static_cast<float>(ratio));
  EXPECT_LT(r.first_to_last, 1.0f);  // the bottleneck: the first token fades
  rnn_encoder(rng.matrix(1, 3), w, r);
  EXPECT_EQ(r.first_to_last, 1.0f);  // one token is both first and last
  // No input weights: no token moves h_T; the ratio is 0, never 0/0 = NaN.
  w.Wx.setZero();
  rnn_encoder(rng.matrix(4, 3), w, r);
  EXPECT_EQ(r.first_to_last, 0.0f);
}

// --- compare_matrices -------------------------------------------------------------------------

TEST(LessonMath, CompareMatricesExact) {
  const Mat A = rows_of(2, 3, {1, 2, 3, 4, 5, 6});
  const Mat B = rows_of(2, 3, {1, 4, 3, 2, 5, 6.5f});
  Comparison c;
  compare_matrices(A, B, c);
  EXPECT_EQ(c.difference, rows_of(2, 3, {0, -2, 0, 2, 0, -0.5f}));
  EXPECT_EQ(c.max_abs, 2.0f);
  EXPECT_EQ(c.row, 0);  // |−2| at (0, 1) ties |2| at (1, 0): the first in row-major order
  EXPECT_EQ(c.col, 1);
  compare_matrices(A, A, c);
  EXPECT_EQ(c.max_abs, 0.0f);
  EXPECT_EQ(c.row, 0);
  EXPECT_EQ(c.col, 0);
  EXPECT_TRUE(c.difference.isZero(0.0f));
}

TEST(LessonMath, CompareMatricesSeesPermutationEquivarianceAndPE) {
  // Lesson 9's check: self-attention of shuffled tokens equals the original output shuffled
  // (max_abs ~ rounding), unless PE was added first.
  Rng rng(37);
  const int T = 6, d = 8;
  const Mat X = rng.matrix(T, d, 2.0f);
  const std::vector<int> order{3, 0, 5, 1, 4, 2};
  Mat Xs(T, d);
  for (int r = 0; r < T; ++r) Xs.row(r) = X.row(order[static_cast<size_t>(r)]);
  AttentionResult a, b;
  attention(X, X, X, {}, a);
  attention(Xs, Xs, Xs, {}, b);
  Mat permuted(T, d);
  for (int r = 0; r < T; ++r) permuted.row(r) = a.output.row(order[static_cast<size_t>(r)]);
  Comparison c;
  compare_matrices(b.output, permuted, c);
  EXPECT_LT(c.max_abs, 1e-5f);
  PositionalInput px, ps;
  add_positional_encoding(X, px);
  add_positional_encoding(Xs, ps);
  attention(px.sum, px.sum, px.sum, {}, a);
  attention(ps.sum, ps.sum, ps.sum, {}, b);
  for (int r = 0; r < T; ++r) permuted.row(r) = a.output.row(order[static_cast<size_t>(r)]);
  compare_matrices(b.output, permuted, c);
  EXPECT_GT(c.max_abs, 1e-2f);
  EXPECT_EQ(std::abs(c.difference(c.row, c.col)), c.max_abs);
}

TEST(LessonMath, CompareMatricesValidation) {
  Comparison c;
  expect_error([&] { compare_matrices(Mat::Zero(2, 3), Mat::Zero(3, 2), c); },
               {"compareMatrices: A is (2, 3) but B is (3, 2)"});
  Mat B = Mat::Zero(2, 3);
  B(1, 1) = kNaN;
  expect_error([&] { compare_matrices(Mat::Zero(2, 3), B, c); },
               {"compareMatrices: B", "(2, 3)", "NaN", "(1, 1)"});
}
