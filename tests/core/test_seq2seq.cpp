// tests/core/test_seq2seq.cpp — GoogleTest suite of attn/seq2seq.hpp: double-precision
// central-difference checks of every parameter block's gradient for all three decoders
// (none, additive, dot), padding invariance, float/double agreement, Adam and clipping,
// greedy decoding, bitwise determinism of training, a short run that lowers the loss, and
// loading another trainer's weights (mutable_weights, reset_optimizer, the weights checksum).
// It does not measure accuracy targets (tools/bottleneck_native.cpp does).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "attn/seq2seq.hpp"

namespace {

using attn::AttentionKind;
using attn::MatT;
using attn::Seq2SeqBatch;
using attn::Seq2SeqConfig;
using attn::Seq2SeqRunState;
using attn::Seq2SeqWeights;

Seq2SeqConfig tiny_config(AttentionKind kind) {
  Seq2SeqConfig c;
  c.src_vocab = 9;
  c.tgt_vocab = 10;
  c.embed = 3;
  c.hidden = 4;
  c.attn_hidden = 3;
  c.attention = kind;
  c.seed = 17;
  return c;
}

// Three sentences of different source and target lengths, so every padding path runs.
std::vector<attn::Example> tiny_examples(const Seq2SeqConfig& c) {
  attn::Rng rng(5);
  const int src_lens[] = {2, 5, 3}, tgt_lens[] = {3, 1, 4};
  std::vector<attn::Example> ex(3);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < src_lens[i]; ++j)
      ex[static_cast<std::size_t>(i)].src.push_back(attn::kNumSpecial +
                                                    rng.uniform_int(c.src_vocab - 4));
    for (int j = 0; j < tgt_lens[i]; ++j)
      ex[static_cast<std::size_t>(i)].tgt.push_back(attn::kNumSpecial +
                                                    rng.uniform_int(c.tgt_vocab - 4));
  }
  return ex;
}

Seq2SeqBatch batch_of(const std::vector<attn::Example>& ex, std::vector<int> idx) {
  Seq2SeqBatch b;
  attn::seq2seq_make_batch(ex, idx, b);
  return b;
}

// Randomises every block (biases too), so no gradient hides behind a zero.
template <typename S>
void randomise(Seq2SeqWeights<S>& w, std::uint64_t seed) {
  attn::Rng rng(seed);
  attn::seq2seq_for_each_block(w, [&](const char*, MatT<S>& m) {
    for (Eigen::Index i = 0; i < m.size(); ++i)
      m.data()[i] = static_cast<S>(rng.uniform_double() - 0.5);
  });
}

class Seq2SeqGradient : public ::testing::TestWithParam<AttentionKind> {};

TEST_P(Seq2SeqGradient, EveryBlockMatchesCentralDifferencesInDouble) {
  const Seq2SeqConfig c = tiny_config(GetParam());
  Seq2SeqWeights<double> w, g;
  attn::seq2seq_init(c, w);
  randomise(w, 99);
  const std::vector<attn::Example> ex = tiny_examples(c);
  const Seq2SeqBatch batch = batch_of(ex, {0, 1, 2});
  Seq2SeqRunState<double> rs;
  attn::seq2seq_loss_and_grad(c, w, batch, rs, g);

  std::vector<MatT<double>*> gb;
  attn::seq2seq_for_each_block(g, [&](const char*, MatT<double>& m) { gb.push_back(&m); });
  std::size_t k = 0;
  int blocks = 0;
  const double eps = 1e-6;
  attn::seq2seq_for_each_block(w, [&](const char* name, MatT<double>& m) {
    const MatT<double>& grad = *gb[k++];
    ASSERT_EQ(grad.rows(), m.rows()) << name;
    ASSERT_EQ(grad.cols(), m.cols()) << name;
    double max_abs = 0;
    for (Eigen::Index i = 0; i < m.size(); ++i) {
      const double saved = m.data()[i];
      m.data()[i] = saved + eps;
      const double up = attn::seq2seq_loss(c, w, batch, rs);
      m.data()[i] = saved - eps;
      const double down = attn::seq2seq_loss(c, w, batch, rs);
      m.data()[i] = saved;
      const double numeric = (up - down) / (2 * eps);
      const double analytic = grad.data()[i];
      EXPECT_NEAR(analytic, numeric, 1e-7 + 1e-5 * std::abs(numeric)) << name << " entry " << i;
      max_abs = std::max(max_abs, std::abs(numeric));
    }
    EXPECT_GT(max_abs, 1e-6) << name << " has no gradient at all";
    ++blocks;
  });
  EXPECT_EQ(blocks, GetParam() == AttentionKind::kNone       ? 13
                    : GetParam() == AttentionKind::kAdditive ? 16
                                                             : 14);
}

INSTANTIATE_TEST_SUITE_P(AllDecoders, Seq2SeqGradient,
                         ::testing::Values(AttentionKind::kNone, AttentionKind::kAdditive,
                                           AttentionKind::kDot),
                         [](const ::testing::TestParamInfo<AttentionKind>& i) {
                           return i.param == AttentionKind::kNone       ? std::string("None")
                                  : i.param == AttentionKind::kAdditive ? std::string("Additive")
                                                                        : std::string("Dot");
                         });

class Seq2SeqPadding : public ::testing::TestWithParam<AttentionKind> {};

TEST_P(Seq2SeqPadding, PaddedBatchLossEqualsTheSumOfSingleSentences) {
  const Seq2SeqConfig c = tiny_config(GetParam());
  Seq2SeqWeights<double> w;
  attn::seq2seq_init(c, w);
  randomise(w, 3);
  const std::vector<attn::Example> ex = tiny_examples(c);
  Seq2SeqRunState<double> rs;
  const double all = attn::seq2seq_loss(c, w, batch_of(ex, {0, 1, 2}), rs) * rs.tokens;
  double sum = 0;
  for (int i = 0; i < 3; ++i) sum += attn::seq2seq_loss(c, w, batch_of(ex, {i}), rs) * rs.tokens;
  EXPECT_NEAR(all, sum, 1e-10 * std::abs(sum));
}

INSTANTIATE_TEST_SUITE_P(AllDecoders, Seq2SeqPadding,
                         ::testing::Values(AttentionKind::kNone, AttentionKind::kAdditive,
                                           AttentionKind::kDot));

TEST(Seq2SeqFloat, FloatGradientsAgreeWithDouble) {
  for (AttentionKind kind : {AttentionKind::kNone, AttentionKind::kAdditive, AttentionKind::kDot}) {
    const Seq2SeqConfig c = tiny_config(kind);
    Seq2SeqWeights<double> wd, gd;
    Seq2SeqWeights<float> wf, gf;
    attn::seq2seq_init(c, wd);
    attn::seq2seq_init(c, wf);
    const Seq2SeqBatch batch = batch_of(tiny_examples(c), {0, 1, 2});
    Seq2SeqRunState<double> rsd;
    Seq2SeqRunState<float> rsf;
    const double ld = attn::seq2seq_loss_and_grad(c, wd, batch, rsd, gd);
    const float lf = attn::seq2seq_loss_and_grad(c, wf, batch, rsf, gf);
    EXPECT_NEAR(lf, ld, 1e-5 * ld);
    std::vector<MatT<float>*> fb;
    attn::seq2seq_for_each_block(gf, [&](const char*, MatT<float>& m) { fb.push_back(&m); });
    std::size_t k = 0;
    attn::seq2seq_for_each_block(gd, [&](const char* name, MatT<double>& m) {
      const MatT<double> diff = fb[k++]->cast<double>() - m;
      EXPECT_LT(diff.cwiseAbs().maxCoeff(), 1e-5 + 1e-4 * m.cwiseAbs().maxCoeff()) << name;
    });
  }
}

TEST(Seq2SeqInit, SameSeedSameWeightsInFloatAndDouble) {
  const Seq2SeqConfig c = tiny_config(AttentionKind::kAdditive);
  Seq2SeqWeights<float> a, b;
  Seq2SeqWeights<double> d;
  attn::seq2seq_init(c, a);
  attn::seq2seq_init(c, b);
  attn::seq2seq_init(c, d);
  EXPECT_EQ(attn::seq2seq_parameter_count(a), attn::seq2seq_parameter_count(d));
  EXPECT_TRUE(a.enc_W == b.enc_W);
  EXPECT_TRUE(a.att_v.cast<double>() == d.att_v);
  EXPECT_EQ(a.att_Wa.size(), 0);
  // No-attention and attention models share every non-attention block's shape.
  Seq2SeqWeights<float> none;
  attn::seq2seq_init(tiny_config(AttentionKind::kNone), none);
  EXPECT_EQ(attn::seq2seq_parameter_count(a) - attn::seq2seq_parameter_count(none),
            a.att_Wq.size() + a.att_Wk.size() + a.att_v.size());
}

TEST(Seq2SeqOptim, ClipScalesToTheCeilingOnlyAboveIt) {
  const Seq2SeqConfig c = tiny_config(AttentionKind::kDot);
  Seq2SeqWeights<double> g;
  attn::seq2seq_init(c, g);
  double sq = 0;
  attn::seq2seq_for_each_block(g, [&](const char*, MatT<double>& m) { sq += m.squaredNorm(); });
  const double norm = std::sqrt(sq);
  EXPECT_NEAR(attn::seq2seq_clip_grad_norm(g, norm * 2), norm, 1e-12);
  EXPECT_NEAR(attn::seq2seq_clip_grad_norm(g, norm / 4), norm, 1e-12);
  EXPECT_NEAR(attn::seq2seq_clip_grad_norm(g, 1e9), norm / 4, 1e-12);
}

TEST(Seq2SeqOptim, FirstAdamStepMovesEveryWeightByLrTimesSign) {
  // After one step m̂ = g and v̂ = g², so Δw = −lr · g / (|g| + ε).
  const Seq2SeqConfig c = tiny_config(AttentionKind::kAdditive);
  Seq2SeqWeights<double> w, w0, g;
  attn::seq2seq_init(c, w);
  w0 = w;
  attn::seq2seq_init(c, g);
  randomise(g, 8);
  attn::AdamConfig a;
  a.lr = 0.01f;
  attn::AdamState<double> st;
  attn::adam_step(a, w, g, st);
  EXPECT_EQ(st.t, 1);
  const double lr = static_cast<double>(a.lr), eps = static_cast<double>(a.eps);
  for (Eigen::Index i = 0; i < w.dec_Wc.size(); ++i) {
    const double gi = g.dec_Wc.data()[i];
    EXPECT_NEAR(w.dec_Wc.data()[i] - w0.dec_Wc.data()[i], -lr * gi / (std::abs(gi) + eps), 1e-9);
  }
}

TEST(Seq2SeqOptim, RateDecaysAsInverseSqrtAfterDecayAfterSteps) {
  // A constant gradient keeps m̂ = g and v̂ = g², so each step moves w by −lr_t · g / (|g| + ε):
  // lr at t = 1, 2 (decay_after = 2), then lr · sqrt(2 / 3), lr · sqrt(2 / 4).
  const Seq2SeqConfig c = tiny_config(AttentionKind::kNone);
  Seq2SeqWeights<double> w, g;
  attn::seq2seq_init(c, w);
  attn::seq2seq_init(c, g);
  randomise(g, 4);
  attn::AdamConfig a;
  a.lr = 0.01f;
  a.decay_after = 2;
  attn::AdamState<double> st;
  const double lr = static_cast<double>(a.lr), eps = static_cast<double>(a.eps);
  const double factors[] = {1.0, 1.0, std::sqrt(2.0 / 3.0), std::sqrt(0.5)};
  for (double f : factors) {
    const MatT<double> before = w.out_W;
    attn::adam_step(a, w, g, st);
    for (Eigen::Index i = 0; i < w.out_W.size(); ++i) {
      const double gi = g.out_W.data()[i];
      EXPECT_NEAR(w.out_W.data()[i] - before.data()[i], -f * lr * gi / (std::abs(gi) + eps), 1e-9)
          << "step " << st.t;
    }
  }
  a.decay_after = -1;
  EXPECT_EQ(attn::check_adam_config(a).rfind("adam: decay_after", 0), 0u);
}

attn::Seq2SeqTrainerConfig small_trainer(AttentionKind kind) {
  attn::Seq2SeqTrainerConfig t;
  t.task.kind = attn::TaskKind::kReversal;
  t.task.min_len = 3;
  t.task.max_len = 6;
  t.task.train_size = 2000;
  t.task.test_per_length = 10;
  t.model.embed = 16;
  t.model.hidden = 32;
  t.model.attn_hidden = 32;
  t.model.attention = kind;
  t.batch_size = 16;
  return t;
}

TEST(Seq2SeqTrainer, SameSeedsGiveBitwiseIdenticalTraining) {
  attn::Seq2SeqTrainer a(small_trainer(AttentionKind::kAdditive));
  attn::Seq2SeqTrainer b(small_trainer(AttentionKind::kAdditive));
  attn::Seq2SeqTrainerConfig other = small_trainer(AttentionKind::kAdditive);
  other.shuffle_seed = 2;
  attn::Seq2SeqTrainer c(other);
  const float la = a.train_steps(30), lb = b.train_steps(30), lc = c.train_steps(30);
  EXPECT_EQ(std::memcmp(&la, &lb, sizeof la), 0);
  EXPECT_NE(la, lc);
  const MatT<float>& wa = a.weights().dec_Uzr;
  const MatT<float>& wb = b.weights().dec_Uzr;
  EXPECT_EQ(std::memcmp(wa.data(), wb.data(), sizeof(float) * static_cast<std::size_t>(wa.size())),
            0);
  EXPECT_EQ(a.steps(), 30);
}

TEST(Seq2SeqTrainer, ShortTrainingLowersTheLossForEveryDecoder) {
  for (AttentionKind kind : {AttentionKind::kNone, AttentionKind::kAdditive, AttentionKind::kDot}) {
    attn::Seq2SeqTrainer t(small_trainer(kind));
    const float first = t.train_steps(5);
    t.train_steps(300);
    const float last = t.train_steps(20);
    EXPECT_LT(last, 0.6f * first) << "kind " << static_cast<int>(kind);
    EXPECT_GE(t.epochs(), 2);
  }
}

// A state dict's load (what the bindings' setParameter does block by block): another trainer
// of the same sizes given these weights decodes identically, its checksum equals theirs, and
// after reset_optimizer its next step is Adam's first (every out_W weight moves by about lr).
TEST(Seq2SeqTrainer, LoadedWeightsDecodeIdenticallyAndAdamRestarts) {
  for (AttentionKind kind : {AttentionKind::kAdditive, AttentionKind::kDot}) {
    attn::Seq2SeqTrainer a(small_trainer(kind));
    a.train_steps(40);
    attn::Seq2SeqTrainerConfig other = small_trainer(kind);
    other.model.seed = 9;  // different initial weights
    attn::Seq2SeqTrainer b(other);
    ASSERT_NE(a.weights_checksum(), b.weights_checksum());
    std::vector<const attn::Mat*> from;
    attn::seq2seq_for_each_block(const_cast<Seq2SeqWeights<float>&>(a.weights()),
                                 [&](const char*, attn::Mat& m) { from.push_back(&m); });
    std::size_t i = 0;
    attn::seq2seq_for_each_block(b.mutable_weights(), [&](const char* name, attn::Mat& m) {
      ASSERT_EQ(m.rows(), from[i]->rows()) << name;
      ASSERT_EQ(m.cols(), from[i]->cols()) << name;
      m = *from[i++];
    });
    EXPECT_EQ(i, from.size());
    b.reset_optimizer();
    EXPECT_EQ(a.weights_checksum(), b.weights_checksum());
    for (const attn::Example& e : a.task().test) {
      attn::Seq2SeqDecode da, db;
      a.translate(e.src, da);
      b.translate(e.src, db);
      EXPECT_EQ(da.tokens, db.tokens);
      EXPECT_TRUE(da.attention == db.attention);
    }
    const MatT<float> before = b.weights().out_W;
    b.train_steps(1);
    EXPECT_EQ(b.steps(), 1);
    const float lr = other.adam.lr;
    int near_lr = 0;
    for (Eigen::Index k = 0; k < before.size(); ++k) {
      const float d = std::abs(b.weights().out_W.data()[k] - before.data()[k]);
      EXPECT_LE(d, lr * 1.001f);
      if (d > 0.9f * lr) ++near_lr;
    }
    EXPECT_GT(near_lr, 0.9 * static_cast<double>(before.size()))
        << "kind " << static_cast<int>(kind);
  }
}

TEST(Seq2SeqTrainer, ChecksumSeesEveryBit) {
  attn::Seq2SeqTrainer t(small_trainer(AttentionKind::kAdditive));
  const std::uint32_t c0 = t.weights_checksum();
  attn::Mat& v = t.mutable_weights().att_v;
  v(0, v.cols() - 1) = std::nextafter(v(0, v.cols() - 1), 1.0f);
  EXPECT_NE(t.weights_checksum(), c0);
}

TEST(Seq2SeqDecode, AttentionRowsAreDistributionsAndContextsTheirWeightedSums) {
  attn::Seq2SeqTrainer t(small_trainer(AttentionKind::kAdditive));
  t.train_steps(50);
  attn::Seq2SeqDecode d;
  const std::vector<int> src = t.task().test.back().src;
  t.translate(src, d);
  ASSERT_GT(d.attention.rows(), 0);
  ASSERT_EQ(d.attention.cols(), static_cast<Eigen::Index>(src.size()));
  ASSERT_EQ(d.context.rows(), d.attention.rows());
  ASSERT_EQ(static_cast<Eigen::Index>(d.prob.size()), d.attention.rows());
  EXPECT_EQ(d.attention.rows(), static_cast<Eigen::Index>(d.tokens.size()) + (d.finished ? 1 : 0));
  for (Eigen::Index i = 0; i < d.attention.rows(); ++i) {
    EXPECT_NEAR(d.attention.row(i).sum(), 1.0f, 1e-5f);
    EXPECT_GE(d.attention.row(i).minCoeff(), 0.0f);
    const attn::Mat expected = d.attention.row(i) * d.encoder;
    EXPECT_LT((expected - d.context.row(i)).cwiseAbs().maxCoeff(), 1e-5f);
    EXPECT_GT(d.prob[static_cast<std::size_t>(i)], 0.0f);
    EXPECT_LE(d.prob[static_cast<std::size_t>(i)], 1.0f);
  }
}

TEST(Seq2SeqDecode, NoAttentionContextIsTheFinalEncoderStateEveryStep) {
  attn::Seq2SeqTrainer t(small_trainer(AttentionKind::kNone));
  t.train_steps(20);
  attn::Seq2SeqDecode d;
  const std::vector<int> src = t.task().test.front().src;
  t.translate(src, d);
  EXPECT_EQ(d.attention.cols(), 0);
  ASSERT_GT(d.context.rows(), 0);
  for (Eigen::Index i = 0; i < d.context.rows(); ++i)
    EXPECT_TRUE(d.context.row(i) == d.encoder.row(d.encoder.rows() - 1));
}

TEST(Seq2SeqDecode, BatchDecodingMatchesSingleSentences) {
  attn::Seq2SeqTrainer t(small_trainer(AttentionKind::kDot));
  t.train_steps(100);
  const std::vector<attn::Example>& test = t.task().test;
  std::vector<int> idx;
  for (int i = 0; i < static_cast<int>(test.size()); i += 7) idx.push_back(i);
  Seq2SeqBatch b;
  attn::seq2seq_make_batch(test, idx, b);
  std::vector<std::vector<int>> decoded;
  attn::Seq2SeqRunState<float> rs;
  attn::seq2seq_greedy_decode_batch(t.model_config(), t.weights(), b, 20, rs, decoded);
  ASSERT_EQ(decoded.size(), idx.size());
  for (std::size_t k = 0; k < idx.size(); ++k) {
    attn::Seq2SeqDecode d;
    attn::seq2seq_greedy_decode(t.model_config(), t.weights(),
                                test[static_cast<std::size_t>(idx[k])].src, 20, rs, d);
    EXPECT_EQ(decoded[k], d.tokens) << "sentence " << idx[k];
  }
}

TEST(Seq2SeqEvaluate, CountsEveryTestTokenOncePerLength) {
  attn::Seq2SeqTrainer t(small_trainer(AttentionKind::kAdditive));
  std::vector<attn::LengthAccuracy> acc;
  t.evaluate(acc);
  ASSERT_EQ(acc.size(), 4u);
  for (std::size_t k = 0; k < acc.size(); ++k) {
    EXPECT_EQ(acc[k].length, 3 + static_cast<int>(k));
    EXPECT_EQ(acc[k].sentences, 10);
    EXPECT_EQ(acc[k].tokens, 10 * acc[k].length);
    EXPECT_LE(acc[k].correct, acc[k].tokens);
    EXPECT_LE(acc[k].exact, acc[k].sentences);
  }
}

TEST(Seq2SeqCheck, InvalidArgumentsNameTheFunctionAndArgument) {
  Seq2SeqConfig c = tiny_config(AttentionKind::kAdditive);
  EXPECT_EQ(attn::check_seq2seq_config(c), "");
  c.hidden = 0;
  EXPECT_EQ(attn::check_seq2seq_config(c, "f").rfind("f: embed (E), hidden (h)", 0), 0u);
  c = tiny_config(AttentionKind::kAdditive);
  Seq2SeqBatch b = batch_of(tiny_examples(c), {0, 1});
  EXPECT_EQ(attn::check_seq2seq_batch(c, b), "");
  b.src[0] = c.src_vocab;
  EXPECT_EQ(attn::check_seq2seq_batch(c, b).rfind("seq2seq_loss: src[0]", 0), 0u);
  Seq2SeqWeights<float> w;
  attn::seq2seq_init(c, w);
  Seq2SeqRunState<float> rs;
  EXPECT_THROW(attn::seq2seq_loss(c, w, b, rs), attn::Error);
  EXPECT_NE(attn::check_seq2seq_greedy_decode(c, {}, 5), "");
  EXPECT_NE(attn::check_seq2seq_greedy_decode(c, {4, 5}, 0), "");
  attn::Seq2SeqTrainerConfig tc = small_trainer(AttentionKind::kNone);
  tc.batch_size = 0;
  EXPECT_EQ(attn::check_seq2seq_trainer(tc).rfind("Seq2SeqTrainer: batch_size", 0), 0u);
  EXPECT_THROW(attn::Seq2SeqTrainer bad(tc), attn::Error);
  tc = small_trainer(AttentionKind::kNone);
  tc.adam.lr = -1;
  EXPECT_EQ(attn::check_seq2seq_trainer(tc).rfind("Seq2SeqTrainer: lr", 0), 0u);
}

}  // namespace
