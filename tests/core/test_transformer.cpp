// tests/core/test_transformer.cpp — GoogleTest suite of attn/transformer.hpp's model: double-
// precision central-difference checks of every parameter's gradient for both models
// (encoder–decoder and decoder-only), with padding, a sequence whose source is all padding,
// positional encoding on and off and a head ablated; state_dict names and shapes; masks (a fully
// blocked row is zeros); ablation; float/double agreement; argument checks. The trainer is in
// test_transformer_trainer.cpp. It does not compare with PyTorch (the golden fixtures do).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "attn/transformer.hpp"

namespace {

using attn::AttnBlock;
using attn::HeadAblation;
using attn::MatT;
using attn::PositionalKind;
using attn::TransformerBatch;
using attn::TransformerConfig;
using attn::TransformerKind;
using attn::TransformerRunState;
using attn::TransformerWeights;

TransformerConfig tiny(TransformerKind kind, PositionalKind pe) {
  TransformerConfig c;
  c.kind = kind;
  c.src_vocab = kind == TransformerKind::kDecoderOnly ? 0 : 7;
  c.tgt_vocab = 8;
  c.d_model = 4;
  c.n_heads = 2;
  c.enc_layers = 2;
  c.dec_layers = 2;
  c.d_ff = 6;
  c.positional = pe;
  c.seed = 3;
  return c;
}

// Three sequences: full length, padded, and (encoder–decoder) one whose source is all padding.
TransformerBatch tiny_batch(const TransformerConfig& c) {
  TransformerBatch b;
  b.B = 3;
  b.T = 4;
  if (c.kind == TransformerKind::kEncoderDecoder) {
    b.S = 5;
    b.src = {4, 5, 6, 4, 5,  //
             6, 4, 0, 0, 0,  //
             0, 0, 0, 0, 0};
    b.tgt_in = {1, 4, 5, 6,  //
                1, 7, 0, 0,  //
                1, 5, 4, 0};
    b.tgt_out = {4, 5, 6, 2,  //
                 7, 2, 0, 0,  //
                 5, 4, 2, 0};
  } else {
    b.S = 0;
    b.tgt_in = {1, 4, 5, 6,  //
                1, 7, 4, 0,  //
                1, 5, 0, 0};
    b.tgt_out = {4, 5, 6, 4,  //
                 7, 4, 7, 0,  //
                 5, 2, 0, 0};
  }
  return b;
}

// Randomises every parameter (LayerNorm and biases too), so no gradient hides behind a constant.
template <typename S>
void randomise(TransformerWeights<S>& w, std::uint64_t seed) {
  attn::Rng rng(seed);
  attn::transformer_for_each_param(w, [&](const std::string&, const std::vector<int>&, MatT<S>& m) {
    for (Eigen::Index i = 0; i < m.size(); ++i)
      m.data()[i] = static_cast<S>(1.6 * (rng.uniform_double() - 0.5));
  });
}

struct GradCase {
  TransformerKind kind;
  PositionalKind pe;
  bool ablate;
  const char* name;
};

class TransformerGradient : public ::testing::TestWithParam<GradCase> {};

TEST_P(TransformerGradient, EveryParameterMatchesCentralDifferencesInDouble) {
  const GradCase p = GetParam();
  const TransformerConfig c = tiny(p.kind, p.pe);
  TransformerWeights<double> w, g;
  attn::transformer_init(c, w);
  randomise(w, 99);
  const TransformerBatch batch = tiny_batch(c);
  HeadAblation abl;
  if (p.ablate) {
    abl.dec = {0, 0, 1, 0};  // layer 1, head 0 of the decoder (decoder-only: its layers)
    if (p.kind == TransformerKind::kEncoderDecoder) abl.cross = {0, 1, 0, 0};
  }
  const HeadAblation* a = p.ablate ? &abl : nullptr;
  TransformerRunState<double> rs;
  const double loss = attn::transformer_loss_and_grad(c, w, batch, rs, g, a);
  ASSERT_TRUE(std::isfinite(loss));
  EXPECT_NEAR(loss, attn::transformer_loss(c, w, batch, rs, a), 1e-12);

  std::vector<MatT<double>*> gp = attn::transformer_param_list(g);
  std::size_t k = 0;
  const double eps = 1e-6;
  int blocks = 0;
  attn::transformer_for_each_param(
      w, [&](const std::string& name, const std::vector<int>&, MatT<double>& m) {
        const MatT<double>& grad = *gp[k++];
        ASSERT_EQ(grad.rows(), m.rows()) << name;
        ASSERT_EQ(grad.cols(), m.cols()) << name;
        double max_abs = 0;
        for (Eigen::Index i = 0; i < m.size(); ++i) {
          const double saved = m.data()[i];
          m.data()[i] = saved + eps;
          const double up = attn::transformer_loss(c, w, batch, rs, a);
          m.data()[i] = saved - eps;
          const double down = attn::transformer_loss(c, w, batch, rs, a);
          m.data()[i] = saved;
          const double numeric = (up - down) / (2 * eps);
          const double analytic = grad.data()[i];
          ASSERT_TRUE(std::isfinite(analytic)) << name << " entry " << i;
          EXPECT_NEAR(analytic, numeric, 1e-7 + 1e-5 * std::abs(numeric)) << name << " entry " << i;
          max_abs = std::max(max_abs, std::abs(numeric));
        }
        // Every block takes part in the loss. (An ablated head's q/k/v rows get zero gradient, but
        // its block still has the other head's entries.)
        EXPECT_GT(max_abs, 1e-7) << name << " has no gradient at all";
        ++blocks;
      });
  EXPECT_EQ(blocks, p.kind == TransformerKind::kEncoderDecoder ? 2 + 2 * 12 + 2 + 2 * 18 + 2 + 2
                                                               : 1 + 2 * 12 + 2);
}

INSTANTIATE_TEST_SUITE_P(
    BothModels, TransformerGradient,
    ::testing::Values(
        GradCase{TransformerKind::kEncoderDecoder, PositionalKind::kSinusoidal, false, "EncDecPE"},
        GradCase{TransformerKind::kEncoderDecoder, PositionalKind::kNone, false, "EncDecNoPE"},
        GradCase{TransformerKind::kEncoderDecoder, PositionalKind::kSinusoidal, true,
                 "EncDecAblated"},
        GradCase{TransformerKind::kDecoderOnly, PositionalKind::kSinusoidal, false, "DecOnlyPE"},
        GradCase{TransformerKind::kDecoderOnly, PositionalKind::kNone, false, "DecOnlyNoPE"},
        GradCase{TransformerKind::kDecoderOnly, PositionalKind::kSinusoidal, true,
                 "DecOnlyAblated"}),
    [](const ::testing::TestParamInfo<GradCase>& i) { return std::string(i.param.name); });

}  // namespace
