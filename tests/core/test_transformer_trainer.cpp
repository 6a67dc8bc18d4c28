// tests/core/test_transformer_trainer.cpp — GoogleTest suite of the Transformer's maps, names,
// ablation and trainer (attn/transformer.hpp) and of the induction task (attn/tasks.hpp):
// state_dict names and shapes, masks (causal, padding, a fully blocked row of zeros), an
// ablated head reports its map but contributes nothing, float/double agreement, bitwise
// determinism, short training lowers the loss on every task, decoding and head scores are
// well-formed, one layer step by step (block_trace) equals an independent computation,
// argument checks name the function. It does not measure the lab's accuracy
// targets (tools/transformer_native.cpp does).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/transformer.hpp"

namespace {

using attn::AttnBlock;
using attn::HeadAblation;
using attn::MatT;
using attn::TransformerBatch;
using attn::TransformerConfig;
using attn::TransformerKind;
using attn::TransformerRunState;
using attn::TransformerWeights;

TransformerConfig small(TransformerKind kind) {
  TransformerConfig c;
  c.kind = kind;
  c.src_vocab = kind == TransformerKind::kDecoderOnly ? 0 : 9;
  c.tgt_vocab = 10;
  c.d_model = 8;
  c.n_heads = 2;
  c.enc_layers = 2;
  c.dec_layers = 2;
  c.d_ff = 12;
  c.seed = 5;
  return c;
}

// Sequence 0 full, 1 padded, 2 (encoder–decoder) with a source of padding only.
TransformerBatch padded_batch() {
  TransformerBatch b;
  b.B = 3;
  b.S = 4;
  b.T = 3;
  b.src = {4, 5, 6, 7, 8, 4, 0, 0, 0, 0, 0, 0};
  b.tgt_in = {1, 4, 5, 1, 6, 0, 1, 7, 8};
  b.tgt_out = {4, 5, 2, 6, 2, 0, 7, 8, 2};
  return b;
}

TEST(TransformerNames, StateDictNamesShapesAndOrder) {
  TransformerConfig c = small(TransformerKind::kEncoderDecoder);
  c.enc_layers = 1;
  c.dec_layers = 1;
  TransformerWeights<float> w;
  attn::transformer_init(c, w);
  std::vector<std::string> names;
  std::vector<std::vector<int>> shapes;
  long count = 0;
  attn::transformer_for_each_param(
      w, [&](const std::string& n, const std::vector<int>& s, attn::Mat& m) {
        names.push_back(n);
        shapes.push_back(s);
        long prod = 1;
        for (int x : s) prod *= x;
        EXPECT_EQ(prod, m.size()) << n;
        if (s.size() == 1) {
          EXPECT_EQ(m.rows(), 1) << n;
        }
        count += m.size();
      });
  const std::vector<std::string> want = {
      "src_embed.weight",
      "tgt_embed.weight",
      "transformer.encoder.layers.0.self_attn.in_proj_weight",
      "transformer.encoder.layers.0.self_attn.in_proj_bias",
      "transformer.encoder.layers.0.self_attn.out_proj.weight",
      "transformer.encoder.layers.0.self_attn.out_proj.bias",
      "transformer.encoder.layers.0.linear1.weight",
      "transformer.encoder.layers.0.linear1.bias",
      "transformer.encoder.layers.0.linear2.weight",
      "transformer.encoder.layers.0.linear2.bias",
      "transformer.encoder.layers.0.norm1.weight",
      "transformer.encoder.layers.0.norm1.bias",
      "transformer.encoder.layers.0.norm2.weight",
      "transformer.encoder.layers.0.norm2.bias",
      "transformer.encoder.norm.weight",
      "transformer.encoder.norm.bias",
      "transformer.decoder.layers.0.self_attn.in_proj_weight",
      "transformer.decoder.layers.0.self_attn.in_proj_bias",
      "transformer.decoder.layers.0.self_attn.out_proj.weight",
      "transformer.decoder.layers.0.self_attn.out_proj.bias",
      "transformer.decoder.layers.0.multihead_attn.in_proj_weight",
      "transformer.decoder.layers.0.multihead_attn.in_proj_bias",
      "transformer.decoder.layers.0.multihead_attn.out_proj.weight",
      "transformer.decoder.layers.0.multihead_attn.out_proj.bias",
      "transformer.decoder.layers.0.linear1.weight",
      "transformer.decoder.layers.0.linear1.bias",
      "transformer.decoder.layers.0.linear2.weight",
      "transformer.decoder.layers.0.linear2.bias",
      "transformer.decoder.layers.0.norm1.weight",
      "transformer.decoder.layers.0.norm1.bias",
      "transformer.decoder.layers.0.norm2.weight",
      "transformer.decoder.layers.0.norm2.bias",
      "transformer.decoder.layers.0.norm3.weight",
      "transformer.decoder.layers.0.norm3.bias",
      "transformer.decoder.norm.weight",
      "transformer.decoder.norm.bias",
      "generator.weight",
      "generator.bias"};
  EXPECT_EQ(names, want);
  EXPECT_EQ(shapes[2], (std::vector<int>{24, 8}));
  EXPECT_EQ(shapes[6], (std::vector<int>{12, 8}));
  EXPECT_EQ(shapes[8], (std::vector<int>{8, 12}));
  EXPECT_EQ(shapes.back(), (std::vector<int>{10}));
  EXPECT_EQ(count, attn::transformer_parameter_count(w));
  EXPECT_EQ(attn::check_transformer_weights(c, w), "");

  TransformerConfig d = small(TransformerKind::kDecoderOnly);
  d.dec_layers = 1;
  TransformerWeights<float> wd;
  attn::transformer_init(d, wd);
  names.clear();
  attn::transformer_for_each_param(
      wd, [&](const std::string& n, const std::vector<int>&, attn::Mat&) { names.push_back(n); });
  ASSERT_EQ(names.size(), 15u);
  EXPECT_EQ(names[0], "embed.weight");
  EXPECT_EQ(names[1], "encoder.layers.0.self_attn.in_proj_weight");
  EXPECT_EQ(names[12], "encoder.layers.0.norm2.bias");
  EXPECT_EQ(names[13], "generator.weight");

  // A wrong shape is reported by name.
  wd.enc[0].linear1_weight.resize(3, 3);
  EXPECT_NE(attn::check_transformer_weights(d, wd).find("encoder.layers.0.linear1.weight"),
            std::string::npos);
}

TEST(TransformerInit, SameSeedSameWeightsInFloatAndDouble) {
  const TransformerConfig c = small(TransformerKind::kEncoderDecoder);
  TransformerWeights<float> f;
  TransformerWeights<double> d;
  attn::transformer_init(c, f);
  attn::transformer_init(c, d);
  std::vector<MatT<double>*> dp = attn::transformer_param_list(d);
  std::size_t k = 0;
  attn::transformer_for_each_param(
      f, [&](const std::string& n, const std::vector<int>&, attn::Mat& m) {
        const MatT<double>& x = *dp[k++];
        for (Eigen::Index i = 0; i < m.size(); ++i)
          ASSERT_EQ(static_cast<double>(m.data()[i]), x.data()[i]) << n;
      });
  TransformerWeights<float> f2;
  attn::transformer_init(c, f2);
  EXPECT_EQ(attn::transformer_weights_checksum(f), attn::transformer_weights_checksum(f2));
  TransformerConfig c3 = c;
  c3.seed = 6;
  attn::transformer_init(c3, f2);
  EXPECT_NE(attn::transformer_weights_checksum(f), attn::transformer_weights_checksum(f2));
}

TEST(TransformerMasks, CausalPaddingAndFullyBlockedRows) {
  const TransformerConfig c = small(TransformerKind::kEncoderDecoder);
  TransformerWeights<float> w;
  attn::transformer_init(c, w);
  TransformerRunState<float> rs;
  const TransformerBatch b = padded_batch();
  const float loss = attn::transformer_loss(c, w, b, rs);
  ASSERT_TRUE(std::isfinite(loss));
  ASSERT_TRUE(rs.logits.allFinite());
  EXPECT_EQ(rs.logits.rows(), 9);
  EXPECT_EQ(rs.logits.cols(), 10);
  const int H = c.n_heads;
  for (int l = 0; l < 2; ++l) {
    const attn::Mat& enc = rs.attention(AttnBlock::kEncoder, l);
    const attn::Mat& dec = rs.attention(AttnBlock::kDecoder, l);
    const attn::Mat& cross = rs.attention(AttnBlock::kCross, l);
    ASSERT_EQ(enc.rows(), 3 * H * 4);
    ASSERT_EQ(enc.cols(), 4);
    ASSERT_EQ(dec.rows(), 3 * H * 3);
    ASSERT_EQ(cross.cols(), 4);
    ASSERT_TRUE(enc.allFinite() && dec.allFinite() && cross.allFinite());
    for (int h = 0; h < H; ++h) {
      // Sequence 1: source keys 2, 3 are padding.
      for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(enc((1 * H + h) * 4 + i, 2), 0.0f);
        EXPECT_EQ(enc((1 * H + h) * 4 + i, 3), 0.0f);
        EXPECT_NEAR(enc.row((1 * H + h) * 4 + i).sum(), 1.0f, 1e-5f);
      }
      // Sequence 2: every source key is padding, so its encoder rows and cross rows are zeros.
      EXPECT_EQ(enc.middleRows((2 * H + h) * 4, 4).cwiseAbs().maxCoeff(), 0.0f);
      EXPECT_EQ(cross.middleRows((2 * H + h) * 3, 3).cwiseAbs().maxCoeff(), 0.0f);
      // Decoder self-attention is causal; sequence 1's pad key (t = 2) is blocked.
      for (int b2 = 0; b2 < 3; ++b2)
        for (int i = 0; i < 3; ++i) {
          for (int j = i + 1; j < 3; ++j) EXPECT_EQ(dec((b2 * H + h) * 3 + i, j), 0.0f);
          EXPECT_NEAR(dec.row((b2 * H + h) * 3 + i).sum(), 1.0f, 1e-5f);
        }
      EXPECT_EQ(dec((1 * H + h) * 3 + 2, 2), 0.0f);
    }
  }
  EXPECT_THROW(rs.attention(AttnBlock::kCross, 2), attn::Error);
  EXPECT_FALSE(rs.has_attention(AttnBlock::kCross, 2));
  EXPECT_TRUE(rs.has_attention(AttnBlock::kCross, 1));
}

TEST(TransformerAblation, DisabledHeadReportsItsMapButContributesNothing) {
  for (TransformerKind kind : {TransformerKind::kEncoderDecoder, TransformerKind::kDecoderOnly}) {
    const TransformerConfig c = small(kind);
    TransformerWeights<double> w;
    attn::transformer_init(c, w);
    TransformerBatch b = padded_batch();
    if (kind == TransformerKind::kDecoderOnly) {
      b.S = 0;
      b.src.clear();
    }
    TransformerRunState<double> rs;
    const double base = attn::transformer_loss(c, w, b, rs);
    HeadAblation a;
    a.dec = {0, 0, 0, 1};  // layer 1, head 1
    const double off = attn::transformer_loss(c, w, b, rs, &a);
    EXPECT_GT(std::abs(off - base), 1e-6);
    // The head's map is still computed: rows are distributions.
    const MatT<double>& m = rs.attention(AttnBlock::kDecoder, 1);
    EXPECT_NEAR(m.row(1 * 3 + 0).sum(), 1.0, 1e-12);
    // Its values contribute nothing: changing its W_v rows leaves the loss unchanged.
    auto& L = kind == TransformerKind::kDecoderOnly ? w.enc[1] : w.dec[1];
    const Eigen::Index d = c.d_model, dh = d / c.n_heads;
    // (Not a constant shift: the layer input is a LayerNorm output, whose features sum to 0.)
    L.self_attn.in_proj_weight.block(2 * d + dh, 0, dh, 1).array() += 0.5;
    EXPECT_NEAR(attn::transformer_loss(c, w, b, rs, &a), off, 1e-12);
    EXPECT_GT(std::abs(attn::transformer_loss(c, w, b, rs) - base), 1e-6);
    // Its gradients are zero.
    TransformerWeights<double> g;
    attn::transformer_loss_and_grad(c, w, b, rs, g, &a);
    auto& G = kind == TransformerKind::kDecoderOnly ? g.enc[1] : g.dec[1];
    for (int part = 0; part < 3; ++part)
      EXPECT_EQ(G.self_attn.in_proj_weight.block(part * d + dh, 0, dh, d).cwiseAbs().maxCoeff(),
                0.0);
    // Bad ablation vectors are rejected.
    a.dec = {0, 1};
    EXPECT_EQ(attn::check_head_ablation(c, &a, "f").rfind("f: ablation.dec has 2 entries", 0), 0u);
  }
}

TEST(TransformerFloat, FloatAgreesWithDouble) {
  const TransformerConfig c = small(TransformerKind::kEncoderDecoder);
  TransformerWeights<float> wf, gf;
  TransformerWeights<double> wd, gd;
  attn::transformer_init(c, wf);
  attn::transformer_init(c, wd);
  const TransformerBatch b = padded_batch();
  TransformerRunState<float> rf;
  TransformerRunState<double> rd;
  const float lf = attn::transformer_loss_and_grad(c, wf, b, rf, gf);
  const double ld = attn::transformer_loss_and_grad(c, wd, b, rd, gd);
  EXPECT_NEAR(lf, ld, 1e-5);
  std::vector<MatT<double>*> pd = attn::transformer_param_list(gd);
  std::size_t k = 0;
  attn::transformer_for_each_param(
      gf, [&](const std::string& n, const std::vector<int>&, attn::Mat& m) {
        const MatT<double>& x = *pd[k++];
        EXPECT_LT((m.cast<double>() - x).cwiseAbs().maxCoeff(), 1e-5) << n;
      });
}

TEST(TransformerChecks, InvalidArgumentsNameTheFunctionAndArgument) {
  TransformerConfig c = small(TransformerKind::kEncoderDecoder);
  c.n_heads = 3;
  EXPECT_EQ(attn::check_transformer_config(c, "f").rfind("f: n_heads must be", 0), 0u);
  c = small(TransformerKind::kEncoderDecoder);
  c.d_model = 1024;
  EXPECT_NE(attn::check_transformer_config(c, "f").find("d_model"), std::string::npos);
  c = small(TransformerKind::kEncoderDecoder);
  c.enc_layers = 7;
  EXPECT_NE(attn::check_transformer_config(c, "f").find("enc_layers"), std::string::npos);
  c = small(TransformerKind::kEncoderDecoder);
  TransformerBatch b = padded_batch();
  b.tgt_in[4] = 10;
  EXPECT_EQ(attn::check_transformer_batch(c, b).rfind("transformer_loss: tgt_in/tgt_out[4]", 0),
            0u);
  b = padded_batch();
  b.T = 65;
  EXPECT_NE(attn::check_transformer_batch(c, b).find("T 65"), std::string::npos);
  TransformerWeights<float> w;
  attn::transformer_init(c, w);
  TransformerRunState<float> rs;
  b = padded_batch();
  b.src.pop_back();
  EXPECT_THROW(attn::transformer_loss(c, w, b, rs), attn::Error);
}

// ------------------------------------------------------------------------------------------
TEST(InductionTask, SequencesRepeatDistinctLettersAndHeldOutIsDisjoint) {
  attn::TaskConfig tc;
  tc.kind = attn::TaskKind::kInduction;
  tc.min_len = 4;
  tc.max_len = 9;
  tc.train_size = 600;
  tc.test_per_length = 5;
  attn::Task t;
  attn::make_task(tc, t);
  EXPECT_EQ(t.tgt_vocab.size(), attn::kNumSpecial + attn::kInductionSymbols);
  EXPECT_EQ(t.tgt_vocab.words[attn::kNumSpecial], "a");
  EXPECT_EQ(t.tgt_vocab.words.back(), "z");
  std::set<std::vector<int>> test;
  for (const attn::Example& e : t.test) test.insert(e.tgt);
  EXPECT_EQ(t.test.size(), 30u);
  int counts[10] = {};
  for (const std::vector<attn::Example>* set : {&t.train, &t.test})
    for (const attn::Example& e : *set) {
      EXPECT_TRUE(e.src.empty());
      ASSERT_EQ(e.tgt.size() % 2, 0u);
      const int n = static_cast<int>(e.tgt.size() / 2);
      EXPECT_EQ(attn::example_length(attn::TaskKind::kInduction, e), n);
      ASSERT_GE(n, 4);
      ASSERT_LE(n, 9);
      if (set == &t.train) {
        ++counts[n];
        EXPECT_EQ(test.count(e.tgt), 0u);
      }
      std::set<int> first;
      for (int i = 0; i < n; ++i) {
        const int x = e.tgt[static_cast<std::size_t>(i)];
        EXPECT_GE(x, attn::kNumSpecial);
        EXPECT_LT(x, attn::kNumSpecial + attn::kInductionSymbols);
        first.insert(x);
        EXPECT_EQ(e.tgt[static_cast<std::size_t>(n + i)], x);
      }
      EXPECT_EQ(static_cast<int>(first.size()), n);
    }
  for (int n = 4; n <= 9; ++n) EXPECT_EQ(counts[n], 100);
  attn::Task t2;
  attn::make_task(tc, t2);
  EXPECT_EQ(t2.train[17].tgt, t.train[17].tgt);
  // The batch convention: tgt_in = <bos> x_1 .. x_{2n-1}, tgt_out = x_1 .. x_2n.
  TransformerBatch b;
  attn::transformer_make_batch(TransformerKind::kDecoderOnly, t.test, {0}, b);
  EXPECT_EQ(b.S, 0);
  EXPECT_EQ(b.T, 8);
  EXPECT_EQ(b.tgt_in[0], attn::kBos);
  EXPECT_EQ(b.tgt_in[1], t.test[0].tgt[0]);
  EXPECT_EQ(b.tgt_out[7], t.test[0].tgt[7]);
}

TEST(TasksAlignment, ReferenceAlignmentFollowsTheRules) {
  attn::Vocab vs, vt;
  attn::task_vocabularies(attn::TaskKind::kTranslation, vs, vt);
  const attn::Tokenized s = attn::tokenize(vs, "the big black cat sees a house");
  const std::vector<int> tgt = attn::reference_target(attn::TaskKind::kTranslation, s.ids);
  EXPECT_EQ(attn::detokenize(vt, tgt), "le chat noir grand voit une maison");
  EXPECT_EQ(attn::reference_alignment(attn::TaskKind::kTranslation, s.ids),
            (std::vector<int>{0, 3, 2, 1, 4, 5, 6}));
  EXPECT_EQ(attn::reference_alignment(attn::TaskKind::kReversal, {4, 5, 6}),
            (std::vector<int>{2, 1, 0}));
}

// ------------------------------------------------------------------------------------------
attn::TransformerTrainerConfig small_trainer(attn::TaskKind kind) {
  attn::TransformerTrainerConfig t;
  t.task.kind = kind;
  t.task.min_len = 3;
  t.task.max_len = 6;
  t.task.train_size = 800;
  t.task.test_per_length = 4;
  t.model.d_model = 16;
  t.model.n_heads = 2;
  t.model.enc_layers = 1;
  t.model.dec_layers = 2;
  t.model.d_ff = 32;
  t.adam.lr = 3e-3f;
  t.batch_size = 16;
  return t;
}

TEST(TransformerTrainer, SameSeedsGiveBitwiseIdenticalTraining) {
  const attn::TransformerTrainerConfig cfg = small_trainer(attn::TaskKind::kTranslation);
  attn::TransformerTrainer a(cfg), b(cfg);
  const float la = a.train_steps(5), lb = b.train_steps(5);
  EXPECT_EQ(la, lb);
  EXPECT_EQ(a.weights_checksum(), b.weights_checksum());
  attn::TransformerTrainerConfig other = cfg;
  other.shuffle_seed = 2;
  attn::TransformerTrainer o(other);
  o.train_steps(5);
  EXPECT_NE(a.weights_checksum(), o.weights_checksum());
  EXPECT_EQ(a.steps(), 5);
}

TEST(TransformerTrainer, ShortTrainingLowersTheLossOnEveryTask) {
  for (attn::TaskKind k :
       {attn::TaskKind::kTranslation, attn::TaskKind::kReversal, attn::TaskKind::kInduction}) {
    attn::TransformerTrainer t(small_trainer(k));
    const float first = t.train_steps(3);
    t.train_steps(40);
    const float later = t.train_steps(3);
    EXPECT_LT(later, first * 0.9f) << static_cast<int>(k);
    EXPECT_GT(t.last_grad_norm(), 0.0f);
  }
}

TEST(TransformerTrainer, DecodeEvaluateAndHeadScoresAreWellFormed) {
  attn::TransformerTrainer t(small_trainer(attn::TaskKind::kReversal));
  t.train_steps(10);
  attn::TransformerDecode d;
  t.translate({4, 5, 6, 7}, d);
  const std::size_t T_out = d.tokens.size() + (d.finished ? 1 : 0);
  ASSERT_EQ(d.prob.size(), T_out);
  ASSERT_EQ(d.enc_self.size(), 1u);
  ASSERT_EQ(d.dec_self.size(), 2u);
  ASSERT_EQ(d.cross[1].size(), 2u);
  EXPECT_EQ(d.enc_self[0][1].rows(), 4);
  EXPECT_EQ(d.dec_self[1][0].rows(), static_cast<Eigen::Index>(T_out));
  EXPECT_EQ(d.cross[0][0].cols(), 4);
  EXPECT_NEAR(d.cross[0][0].row(0).sum(), 1.0f, 1e-5f);

  std::vector<attn::LengthAccuracy> acc;
  t.evaluate(acc);
  ASSERT_EQ(acc.size(), 4u);
  EXPECT_EQ(acc[0].length, 3);
  EXPECT_EQ(acc[0].sentences, 4);
  EXPECT_EQ(acc[0].tokens, 12);
  EXPECT_GT(acc[0].loss, 0.0);

  std::vector<attn::HeadScore> hs;
  t.head_scores(hs);
  ASSERT_EQ(hs.size(), 2u + 4u + 4u);
  EXPECT_EQ(hs[0].block, AttnBlock::kEncoder);
  EXPECT_EQ(hs.back().block, AttnBlock::kCross);
  EXPECT_TRUE(std::isnan(hs.back().induction));
  EXPECT_GE(hs.back().alignment, 0.0);
  EXPECT_LE(hs[0].previous_token, 1.0);

  // Logits and gradients of one sequence.
  attn::Mat L;
  t.logits({4, 5, 6}, {attn::kBos, 6, 5}, L);
  EXPECT_EQ(L.rows(), 3);
  TransformerWeights<float> g;
  const float loss = t.gradients({4, 5, 6}, {attn::kBos, 6, 5}, {6, 5, 4}, g);
  EXPECT_GT(loss, 0.0f);
  EXPECT_EQ(attn::transformer_parameter_count(g), attn::transformer_parameter_count(t.weights()));
  EXPECT_EQ(t.check_sequence({4}, {1, 2}, nullptr, "f"), "");
  EXPECT_EQ(t.check_translate({}).rfind("TransformerTrainer.translate: src", 0), 0u);

  // Ablation through the trainer.
  EXPECT_TRUE(t.head_enabled(AttnBlock::kCross, 1, 1));
  t.set_head_enabled(AttnBlock::kCross, 1, 1, false);
  EXPECT_FALSE(t.head_enabled(AttnBlock::kCross, 1, 1));
  attn::Mat L2;
  t.logits({4, 5, 6}, {attn::kBos, 6, 5}, L2);
  EXPECT_GT((L2 - L).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_NE(t.check_head(AttnBlock::kCross, 2, 0).find("layer 2"), std::string::npos);
  EXPECT_THROW(t.set_head_enabled(AttnBlock::kEncoder, 0, 2, false), attn::Error);
}

TEST(TransformerTrainer, InductionEvaluatesByPositionAndHalf) {
  attn::TransformerTrainerConfig cfg = small_trainer(attn::TaskKind::kInduction);
  cfg.task.min_len = 5;
  cfg.task.max_len = 5;
  attn::TransformerTrainer t(cfg);
  t.train_steps(5);
  std::vector<attn::LengthAccuracy> acc;
  t.evaluate(acc);
  ASSERT_EQ(acc.size(), 10u);  // p = 0 .. 9
  for (int p = 0; p < 10; ++p) {
    EXPECT_EQ(acc[static_cast<std::size_t>(p)].length, p);
    EXPECT_EQ(acc[static_cast<std::size_t>(p)].half, p > 5 ? 1 : 0);
    EXPECT_EQ(acc[static_cast<std::size_t>(p)].tokens, 4);
  }
  const double rep = t.repeated_half_loss();
  EXPECT_TRUE(std::isfinite(rep));
  attn::TransformerDecode d;
  t.translate({attn::kBos, 4, 5, 6, 4, 5}, d);
  EXPECT_EQ(d.tokens.size(), 6u);
  EXPECT_EQ(d.dec_self.size(), 2u);
  EXPECT_EQ(d.dec_self[0][0].rows(), 6);
  EXPECT_TRUE(d.enc_self.empty());
  std::vector<attn::HeadScore> hs;
  t.head_scores(hs);
  ASSERT_EQ(hs.size(), 4u);
  EXPECT_TRUE(std::isfinite(hs[0].induction));
  EXPECT_TRUE(std::isnan(hs[0].alignment));
  EXPECT_NE(t.check_head(AttnBlock::kEncoder, 0, 0), "");
}

TEST(TransformerTrainer, GruTrainerRejectsTheInductionTask) {
  attn::Seq2SeqTrainerConfig c;
  c.task.kind = attn::TaskKind::kInduction;
  EXPECT_NE(attn::check_seq2seq_trainer(c).find("induction"), std::string::npos);
}

}  // namespace

namespace {

TEST(TransformerTrainer, LabDefaultsAreValidForEveryTask) {
  for (attn::TaskKind k :
       {attn::TaskKind::kTranslation, attn::TaskKind::kReversal, attn::TaskKind::kInduction}) {
    const attn::TransformerLabDefaults d = attn::transformer_lab_defaults(k);
    EXPECT_EQ(attn::check_transformer_trainer(d.config), "") << static_cast<int>(k);
    EXPECT_GT(d.steps, 0);
    EXPECT_EQ(d.config.model.kind, k == attn::TaskKind::kInduction
                                       ? TransformerKind::kDecoderOnly
                                       : TransformerKind::kEncoderDecoder);
  }
}

}  // namespace

// block_trace against an independent path: the lessons' multi_head_attention with the layer's
// in_proj/out_proj (attention's change), LayerNorm and the feed-forward written out here in
// double, the scaled embeddings plus the core's PE (layer 0's input), and each layer's output
// being the next layer's input. Both model kinds, one head ablated too.
namespace {
attn::Mat layer_norm_d(const attn::Mat& x, const attn::Mat& g, const attn::Mat& b) {
  attn::Mat out(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Eigen::RowVectorXd r = x.row(i).cast<double>();
    const double mean = r.mean();
    const double var = (r.array() - mean).square().mean();
    const Eigen::RowVectorXd y = (r.array() - mean) / std::sqrt(var + 1e-5);
    out.row(i) = (y.array() * g.row(0).cast<double>().array() + b.row(0).cast<double>().array())
                     .cast<float>();
  }
  return out;
}
}  // namespace

TEST(TransformerTrainer, BlockTraceMatchesAnIndependentComputation) {
  for (attn::TaskKind kind : {attn::TaskKind::kTranslation, attn::TaskKind::kInduction}) {
    attn::TransformerTrainerConfig cfg = small_trainer(kind);
    if (kind == attn::TaskKind::kTranslation)
      cfg.model.enc_layers = 2;
    else
      cfg.model.enc_layers = 0;
    attn::TransformerTrainer t(cfg);
    t.train_steps(20);
    for (bool ablate : {false, true}) {
      const attn::AttnBlock block = kind == attn::TaskKind::kTranslation
                                        ? attn::AttnBlock::kEncoder
                                        : attn::AttnBlock::kDecoder;
      t.set_head_enabled(block, 0, 1, !ablate);
      const bool only = kind == attn::TaskKind::kInduction;
      const std::vector<int> src =
          only ? std::vector<int>{1, 5, 9, 7, 5, 9, 7} : std::vector<int>{4, 6, 20, 30, 4, 9};
      const int layers = only ? cfg.model.dec_layers : cfg.model.enc_layers;
      const int d = cfg.model.d_model;
      const attn::Mat& emb = only ? t.weights().tgt_embed : t.weights().src_embed;
      attn::Mat pe;
      attn::positional_encoding(static_cast<int>(src.size()), d, pe);
      attn::Mat prev;
      for (int l = 0; l < layers; ++l) {
        SCOPED_TRACE(testing::Message() << "kind " << static_cast<int>(kind) << " layer " << l
                                        << " ablated " << ablate);
        attn::TransformerBlockTrace tr;
        t.block_trace(src, l, tr);
        const auto& lw = t.weights().enc[std::size_t(l)];
        // 1. The input: scaled embeddings + PE at layer 0, the previous layer's output after.
        if (l == 0) {
          attn::Mat x0(src.size(), d);
          for (std::size_t i = 0; i < src.size(); ++i)
            x0.row(Eigen::Index(i)) =
                emb.row(src[i]) * std::sqrt(float(d)) + pe.row(Eigen::Index(i));
          EXPECT_LT((tr.x_in - x0).cwiseAbs().maxCoeff(), 1e-5f);
        } else {
          EXPECT_EQ(tr.x_in, prev);
        }
        // 2. Attention's change: the lessons' nn.MultiheadAttention on the same input and weights.
        attn::MultiHeadWeights mw;
        mw.in_proj_weight = lw.self_attn.in_proj_weight;
        mw.in_proj_bias = lw.self_attn.in_proj_bias.row(0);
        mw.out_proj_weight = lw.self_attn.out_proj_weight;
        mw.out_proj_bias = lw.self_attn.out_proj_bias.row(0);
        attn::MultiHeadOptions o;
        o.causal = only;
        attn::MultiHeadResult r;
        attn::multi_head_attention(tr.x_in, tr.x_in, tr.x_in,
                                   attn::MultiHeadConfig{cfg.model.n_heads}, mw, o, r);
        if (ablate && l == 0) {
          // The ablated head's d_head columns of concat are zero: rebuild the output without it.
          const int dh = d / cfg.model.n_heads;
          r.concat.middleCols(dh, dh).setZero();
          r.output = r.concat * mw.out_proj_weight.transpose();
          r.output.rowwise() += mw.out_proj_bias;
        }
        EXPECT_LT((tr.attn - r.output).cwiseAbs().maxCoeff(), 1e-4f);
        EXPECT_LT((tr.sum1 - (tr.x_in + tr.attn)).cwiseAbs().maxCoeff(), 1e-6f);
        // 3. LayerNorm 1, the feed-forward and LayerNorm 2, in double.
        EXPECT_LT((tr.norm1 - layer_norm_d(tr.sum1, lw.norm1_weight, lw.norm1_bias))
                      .cwiseAbs()
                      .maxCoeff(),
                  1e-4f);
        Eigen::MatrixXd hid =
            tr.norm1.cast<double>() * lw.linear1_weight.cast<double>().transpose();
        hid.rowwise() += lw.linear1_bias.row(0).cast<double>();
        hid = hid.cwiseMax(0.0);
        Eigen::MatrixXd ff = hid * lw.linear2_weight.cast<double>().transpose();
        ff.rowwise() += lw.linear2_bias.row(0).cast<double>();
        EXPECT_LT((tr.ff.cast<double>() - ff).cwiseAbs().maxCoeff(), 1e-4);
        EXPECT_LT((tr.sum2 - (tr.norm1 + tr.ff)).cwiseAbs().maxCoeff(), 1e-6f);
        EXPECT_LT(
            (tr.out - layer_norm_d(tr.sum2, lw.norm2_weight, lw.norm2_bias)).cwiseAbs().maxCoeff(),
            1e-4f);
        prev = tr.out;
      }
      // Bad arguments are named, and nothing breaks.
      EXPECT_NE(t.check_block_trace(src, layers).find("TransformerTrainer.blockTrace: layer"),
                std::string::npos);
      EXPECT_NE(t.check_block_trace({}, 0).find("TransformerTrainer.blockTrace"),
                std::string::npos);
    }
  }
}
