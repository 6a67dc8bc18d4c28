// tests/core/test_properties.cpp — properties the math must have, on seeded random inputs:
// weight rows sum to 1, blocked weights are exactly 0, a fully blocked row gives zero weights
// and output (never NaN), softmax is invariant to adding a constant and stable at ±1e4,
// self-attention without PE is permutation-equivariant, one-head MHA equals single-head
// attention with the same projections, PE has the closed form, SIMD is really on.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "attn/additive.hpp"
#include "attn/attention.hpp"
#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/rnn.hpp"
#include "attn/simd.hpp"
#include "attn/softmax.hpp"
#include "fixtures.hpp"
#include "random.hpp"

using namespace attn;
using namespace attn_test;

TEST(Properties, WeightRowsSumToOne) {
  Rng rng(1);
  for (int trial = 0; trial < 20; ++trial) {
    const long T_q = 1 + trial % 7, T_k = 1 + (trial * 3) % 11, d = 1 + trial % 9;
    AttentionResult r;
    attention(rng.matrix(T_q, d, 3.0f), rng.matrix(T_k, d, 3.0f), rng.matrix(T_k, 4), {}, r);
    for (long i = 0; i < T_q; ++i) EXPECT_NEAR(r.weights.row(i).sum(), 1.0f, 1e-6f);
    EXPECT_TRUE((r.weights.array() >= 0.0f).all());
  }
}

TEST(Properties, BlockedWeightsAreExactlyZero) {
  Rng rng(2);
  const long T = 9;
  Mat mask = rng.matrix(T, T);
  mask = (mask.array() > 0.3f).cast<float>();
  AttentionOptions opts;
  opts.causal = true;
  opts.mask = &mask;
  AttentionResult r;
  attention(rng.matrix(T, 5, 4.0f), rng.matrix(T, 5, 4.0f), rng.matrix(T, 3), opts, r);
  for (long i = 0; i < T; ++i) {
    bool any_open = false;
    for (long j = 0; j < T; ++j) {
      const bool blocked = j > i || mask(i, j) != 0.0f;
      if (blocked) {
        EXPECT_EQ(r.weights(i, j), 0.0f) << i << "," << j;  // exactly, not approximately
        EXPECT_EQ(r.masked(i, j), -std::numeric_limits<float>::infinity());
      } else {
        any_open = true;
        EXPECT_EQ(r.masked(i, j), r.scaled(i, j));
      }
    }
    if (any_open) {
      EXPECT_NEAR(r.weights.row(i).sum(), 1.0f, 1e-6f);
    }
  }
}

TEST(Properties, FullyBlockedRowGivesZerosNeverNaN) {
  Rng rng(3);
  Mat mask = Mat::Zero(4, 5);
  mask.row(2).setOnes();  // query 2 sees nothing
  AttentionOptions opts;
  opts.mask = &mask;
  AttentionResult r;
  attention(rng.matrix(4, 3), rng.matrix(5, 3), rng.matrix(5, 2), opts, r);
  EXPECT_TRUE(r.weights.row(2).isZero(0.0f));
  EXPECT_TRUE(r.output.row(2).isZero(0.0f));
  EXPECT_TRUE(r.weights.allFinite() && r.output.allFinite());
  EXPECT_NEAR(r.weights.row(1).sum(), 1.0f, 1e-6f);

  // The same through multi-head attention with a key padding mask that pads every key.
  const int E = 4;
  MultiHeadWeights w{rng.matrix(3 * E, E), RowVec(), rng.matrix(E, E), rng.matrix(1, E)};
  std::vector<std::uint8_t> all_padding(3, 1);
  MultiHeadOptions mopts;
  mopts.key_padding = all_padding.data();
  mopts.key_padding_size = 3;
  MultiHeadResult m;
  multi_head_attention(rng.matrix(2, E), rng.matrix(3, E), rng.matrix(3, E), {2}, w, mopts, m);
  EXPECT_TRUE(m.average_weights.isZero(0.0f));
  EXPECT_TRUE(m.concat.isZero(0.0f));
  // With nothing to attend to, the output is the output bias alone.
  for (long i = 0; i < 2; ++i) EXPECT_TRUE(m.output.row(i).isApprox(w.out_proj_bias));

  // And through additive attention.
  AdditiveWeights aw{rng.matrix(6, 3), rng.matrix(6, 3), rng.matrix(6, 1)};
  AdditiveResult a;
  additive_attention(rng.matrix(4, 3), rng.matrix(5, 3), rng.matrix(5, 2), aw, &mask, a);
  EXPECT_TRUE(a.weights.row(2).isZero(0.0f) && a.output.row(2).isZero(0.0f));
  EXPECT_TRUE(a.weights.allFinite() && a.output.allFinite());
}

TEST(Properties, SoftmaxInvariantToAddingAConstant) {
  Rng rng(4);
  const Mat x = rng.matrix(5, 8, 5.0f);
  Mat a, b;
  for (float c : {-1000.0f, -3.5f, 0.25f, 77.0f, 5000.0f}) {
    softmax_rows(x, 1.0f, a);
    softmax_rows((x.array() + c).matrix(), 1.0f, b);
    EXPECT_TRUE(all_close(b, a, 1e-6f, 1e-3f)) << "c = " << c;  // x + c rounds in float
  }
}

TEST(Properties, SoftmaxStableAtHugeLogits) {
  Mat x(3, 3);
  x << 1e4f, -1e4f, 0.0f,   //
      -1e4f, -1e4f, -1e4f,  //
      1e4f, 1e4f, 1e4f - 1.0f;
  Mat out;
  softmax_rows(x, 1.0f, out);
  ASSERT_TRUE(out.allFinite());
  EXPECT_EQ(out(0, 0), 1.0f);
  EXPECT_EQ(out(0, 1), 0.0f);
  EXPECT_NEAR(out(1, 0), 1.0f / 3.0f, 1e-7f);
  const float e = std::exp(-1.0f);
  EXPECT_NEAR(out(2, 2), e / (2.0f + e), 1e-7f);
}

TEST(Properties, TemperatureSharpensAndFlattens) {
  Rng rng(5);
  const Mat x = rng.matrix(1, 6, 2.0f);
  Mat cold, warm, hot;
  softmax_rows(x, 0.05f, cold);
  softmax_rows(x, 1.0f, warm);
  softmax_rows(x, 1e6f, hot);
  Eigen::Index argmax;
  x.row(0).maxCoeff(&argmax);
  EXPECT_GT(cold(0, argmax), warm(0, argmax));
  EXPECT_GT(cold(0, argmax), 0.99f);  // approaching hard attention (argmax)
  for (int j = 0; j < 6; ++j) EXPECT_NEAR(hot(0, j), 1.0f / 6.0f, 1e-5f);  // uniform
  Mat tiny;
  softmax_rows(x, 1e-30f, tiny);  // (x - max)/T overflows to -inf: still exact one-hot
  EXPECT_EQ(tiny(0, argmax), 1.0f);
  EXPECT_EQ(tiny.sum(), 1.0f);
}

TEST(Properties, SelfAttentionWithoutPEIsPermutationEquivariant) {
  Rng rng(6);
  const long T = 7, E = 8;
  const Mat X = rng.matrix(T, E);
  std::vector<int> perm(T);
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[0], perm[5]);
  std::swap(perm[2], perm[3]);
  std::swap(perm[1], perm[6]);
  Mat Xp(T, E);
  for (long i = 0; i < T; ++i) Xp.row(i) = X.row(perm[static_cast<size_t>(i)]);

  AttentionResult a, b;
  attention(X, X, X, {}, a);
  attention(Xp, Xp, Xp, {}, b);
  MultiHeadWeights w{rng.matrix(3 * E, E), rng.matrix(1, 3 * E), rng.matrix(E, E),
                     rng.matrix(1, E)};
  MultiHeadResult ma, mb;
  multi_head_attention(X, X, X, {4}, w, {}, ma);
  multi_head_attention(Xp, Xp, Xp, {4}, w, {}, mb);
  for (long i = 0; i < T; ++i) {
    const long p = perm[static_cast<size_t>(i)];
    EXPECT_TRUE(b.output.row(i).isApprox(a.output.row(p), 1e-5f)) << i;
    EXPECT_TRUE(mb.output.row(i).isApprox(ma.output.row(p), 1e-5f)) << i;
    for (long j = 0; j < T; ++j)
      EXPECT_NEAR(mb.average_weights(i, j), ma.average_weights(p, perm[static_cast<size_t>(j)]),
                  1e-6f);
  }

  // With positional encoding added, order matters: the outputs no longer just permute.
  Mat pe;
  positional_encoding(static_cast<int>(T), static_cast<int>(E), pe);
  const Mat Xpe = X + pe, Xppe = Xp + pe;
  multi_head_attention(Xpe, Xpe, Xpe, {4}, w, {}, ma);
  multi_head_attention(Xppe, Xppe, Xppe, {4}, w, {}, mb);
  float max_diff = 0.0f;
  for (long i = 0; i < T; ++i)
    max_diff = std::max(
        max_diff,
        (mb.output.row(i) - ma.output.row(perm[static_cast<size_t>(i)])).cwiseAbs().maxCoeff());
  EXPECT_GT(max_diff, 1e-2f);
}

TEST(Properties, OneHeadEqualsSingleHeadAttentionWithTheSameProjections) {
  Rng rng(7);
  const long T_q = 5, T_k = 6, E = 6;
  const Mat query = rng.matrix(T_q, E), key = rng.matrix(T_k, E), value = rng.matrix(T_k, E);
  MultiHeadWeights w{rng.matrix(3 * E, E), rng.matrix(1, 3 * E), rng.matrix(E, E),
                     rng.matrix(1, E)};
  MultiHeadOptions mopts;
  mopts.causal = true;
  MultiHeadResult m;
  multi_head_attention(query, key, value, {1}, w, mopts, m);

  // By hand: project, attend once, project out.
  const Mat q =
      (query * w.in_proj_weight.topRows(E).transpose()).rowwise() + w.in_proj_bias.segment(0, E);
  const Mat k = (key * w.in_proj_weight.middleRows(E, E).transpose()).rowwise() +
                w.in_proj_bias.segment(E, E);
  const Mat v = (value * w.in_proj_weight.bottomRows(E).transpose()).rowwise() +
                w.in_proj_bias.segment(2 * E, E);
  AttentionOptions opts;
  opts.causal = true;
  AttentionResult a;
  attention(q, k, v, opts, a);
  const Mat out = (a.output * w.out_proj_weight.transpose()).rowwise() + w.out_proj_bias;
  EXPECT_TRUE(all_close(m.heads[0].weights, a.weights, 1e-6f, 1e-5f));
  EXPECT_TRUE(all_close(m.average_weights, a.weights, 1e-6f, 1e-5f));
  EXPECT_TRUE(all_close(m.concat, a.output, 1e-6f, 1e-5f));
  EXPECT_TRUE(all_close(m.output, out, 1e-6f, 1e-5f));
}

TEST(Properties, HeadsAreSlicesOfTheProjections) {
  Rng rng(8);
  const long T = 4, E = 12;
  const Mat x = rng.matrix(T, E);
  MultiHeadWeights w{rng.matrix(3 * E, E), RowVec(), rng.matrix(E, E), RowVec()};
  MultiHeadResult m;
  multi_head_attention(x, x, x, {3}, w, {}, m);
  ASSERT_EQ(m.heads.size(), 3u);
  const Mat q = x * w.in_proj_weight.topRows(E).transpose();
  Mat avg = Mat::Zero(T, T);
  for (long h = 0; h < 3; ++h) {
    EXPECT_TRUE(all_close(m.heads[static_cast<size_t>(h)].q, q.middleCols(h * 4, 4)));
    EXPECT_TRUE(all_close(m.concat.middleCols(h * 4, 4), m.heads[static_cast<size_t>(h)].output));
    avg += m.heads[static_cast<size_t>(h)].weights / 3.0f;
  }
  EXPECT_TRUE(all_close(m.average_weights, avg, 1e-6f, 1e-5f));
}

TEST(Properties, PositionalEncodingClosedForm) {
  Mat pe;
  positional_encoding(10, 7, pe);  // odd d_model allowed
  ASSERT_EQ(pe.rows(), 10);
  ASSERT_EQ(pe.cols(), 7);
  for (int pos = 0; pos < 10; ++pos)
    for (int j = 0; j < 7; ++j) {
      const double angle = pos / std::pow(10000.0, 2.0 * (j / 2) / 7.0);
      EXPECT_EQ(pe(pos, j), static_cast<float>(j % 2 ? std::cos(angle) : std::sin(angle)));
    }
  EXPECT_TRUE(pe.row(0).isApprox(RowVec::Map(std::vector<float>{0, 1, 0, 1, 0, 1, 0}.data(), 7)));
}

TEST(Properties, RnnInfluenceMatchesFiniteDifferences) {
  Rng rng(9);
  const long T = 8, d = 3, h = 5;
  RnnWeights w{rng.matrix(h, d, 0.8f), rng.matrix(h, h, 0.5f), Vec(rng.matrix(h, 1, 0.1f))};
  const Mat x = rng.matrix(T, d);
  RnnResult r;
  rnn_encoder(x, w, r);
  for (long t = 0; t < T; ++t) {
    // Central differences of h_T with respect to each coordinate of x_t, in float.
    Mat J(h, d);
    for (long c = 0; c < d; ++c) {
      const float eps = 1e-2f;
      Mat xp = x, xm = x;
      xp(t, c) += eps;
      xm(t, c) -= eps;
      RnnResult rp, rm;
      rnn_encoder(xp, w, rp);
      rnn_encoder(xm, w, rm);
      J.col(c) = (rp.states.row(T - 1) - rm.states.row(T - 1)).transpose() / (2 * eps);
    }
    EXPECT_NEAR(r.influence(t), J.norm(), 2e-3f * std::max(1.0f, J.norm())) << "t = " << t;
  }
  // The last token matters most, earlier ones fade: the bottleneck in one number.
  EXPECT_GT(r.influence(T - 1), r.influence(0));
}

TEST(Properties, SimdIsReallyOn) {
  const std::string sets = simd_instruction_sets();
#ifdef EIGEN_DONT_VECTORIZE
  EXPECT_EQ(sets, "None");
#else
  EXPECT_NE(sets, "None") << "Eigen is not vectorizing in this build";
  EXPECT_NE(sets.find("SSE2"), std::string::npos) << sets;
#endif
}
