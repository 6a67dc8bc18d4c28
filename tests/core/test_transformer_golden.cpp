// tests/core/test_transformer_golden.cpp — the Transformer of attn/transformer.hpp against
// PyTorch 1.13 (tests/fixtures/transformer_golden.json, from scripts/make_transformer_goldens.py):
// every parameter loads by its state_dict name (transformer_for_each_param), then forward and
// backward on each case give PyTorch's logits, every head's attention map of every block and
// layer, the loss and the gradient of every parameter; each padded row, run alone, gives its
// unpadded results; a source made only of padding gives zero attention rows and no NaN (where
// nn.Transformer gives NaN, as the fixture records); and the trainer's single-sequence calls
// (logits, gradients, decoder-only maps) agree on the task-sized models.
// Tolerance: |core − torch| ≤ 1e-4 + 1e-4·|torch| for every float (the fixture's "tolerance");
// the core computes in float32 like the reference, so real differences are ~1e-6.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "attn/transformer.hpp"

namespace {

using attn::AttnBlock;
using attn::MatT;
using attn::TransformerBatch;
using attn::TransformerConfig;
using attn::TransformerKind;
using attn::TransformerRunState;
using attn::TransformerWeights;
using json = nlohmann::json;

constexpr double kAtol = 1e-4, kRtol = 1e-4;

const json& fixture() {
  static const json doc = [] {
    std::ifstream in(ATTN_FIXTURE_DIR "/transformer_golden.json");
    if (!in) throw std::runtime_error("cannot open " ATTN_FIXTURE_DIR "/transformer_golden.json");
    return json::parse(in);
  }();
  return doc;
}

float json_float(const json& v) {
  if (v.is_string() && v.get<std::string>() == "NaN")
    return std::numeric_limits<float>::quiet_NaN();
  return static_cast<float>(v.get<double>());
}

std::vector<int> json_ints(const json& j) { return j.get<std::vector<int>>(); }

// Row-major concatenation of a list of rows (a (B, T) id tensor) and its width.
std::vector<int> flatten(const json& rows, int& width) {
  std::vector<int> out;
  width = rows.empty() ? 0 : static_cast<int>(rows[0].size());
  for (const json& r : rows)
    for (const json& v : r) out.push_back(v.get<int>());
  return out;
}

// |actual − expected| ≤ atol + rtol·|expected| for all n values of a fixture tensor; no NaN.
::testing::AssertionResult close(const float* actual, std::size_t n, const json& expected,
                                 const std::string& what) {
  const json& data = expected.at("data");
  if (data.size() != n)
    return ::testing::AssertionFailure()
           << what << ": " << n << " values, expected " << data.size();
  double worst = 0;
  std::size_t at = n;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = actual[i], e = json_float(data[i]);
    if (std::isnan(a) || std::isnan(e))
      return ::testing::AssertionFailure()
             << what << ": NaN at " << i << " (got " << a << ", expected " << e << ")";
    const double excess = std::fabs(a - e) - (kAtol + kRtol * std::fabs(e));
    if (excess > worst) {
      worst = excess;
      at = i;
    }
  }
  if (at < n)
    return ::testing::AssertionFailure()
           << what << ": at flat index " << at << " got " << actual[at] << ", expected "
           << json_float(data[at]) << " (tolerance " << kAtol << " + " << kRtol << "·|expected|)";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult close_scalar(double actual, const json& expected,
                                        const std::string& what) {
  const double e = json_float(expected);
  if (!(std::fabs(actual - e) <= kAtol + kRtol * std::fabs(e)))
    return ::testing::AssertionFailure() << what << ": got " << actual << ", expected " << e;
  return ::testing::AssertionSuccess();
}

bool is_seq2seq(const json& model) { return model.at("kind") == "seq2seq"; }

TransformerConfig config_of(const json& model, const std::string& positional) {
  const json& c = model.at("config");
  TransformerConfig out;
  out.d_model = c.at("dModel").get<int>();
  out.n_heads = c.at("numHeads").get<int>();
  out.d_ff = c.at("ffDim").get<int>();
  if (is_seq2seq(model)) {
    out.kind = TransformerKind::kEncoderDecoder;
    out.src_vocab = c.at("srcVocab").get<int>();
    out.tgt_vocab = c.at("tgtVocab").get<int>();
    out.enc_layers = c.at("encoderLayers").get<int>();
    out.dec_layers = c.at("decoderLayers").get<int>();
  } else {
    out.kind = TransformerKind::kDecoderOnly;
    out.src_vocab = 0;
    out.tgt_vocab = c.at("vocab").get<int>();
    out.enc_layers = 0;
    out.dec_layers = c.at("layers").get<int>();
  }
  out.positional =
      positional == "none" ? attn::PositionalKind::kNone : attn::PositionalKind::kSinusoidal;
  return out;
}

// Copies every fixture parameter into `w` (sized by the caller, e.g. transformer_init) by
// state_dict name, checking that the names and shapes are exactly PyTorch's.
void load_params(const json& params, TransformerWeights<float>& w) {
  std::set<std::string> seen;
  attn::transformer_for_each_param(
      w, [&](const std::string& name, const std::vector<int>& shape, MatT<float>& m) {
        seen.insert(name);
        ASSERT_TRUE(params.contains(name)) << "the core has " << name << ", PyTorch does not";
        const json& t = params.at(name);
        EXPECT_EQ(shape, t.at("shape").get<std::vector<int>>()) << name;
        ASSERT_EQ(static_cast<std::size_t>(m.size()), t.at("data").size()) << name;
        for (Eigen::Index i = 0; i < m.size(); ++i)
          m.data()[i] = json_float(t.at("data")[static_cast<std::size_t>(i)]);
      });
  for (const auto& item : params.items())
    EXPECT_TRUE(seen.count(item.key())) << "PyTorch has " << item.key() << ", the core does not";
}

void expect_gradients(TransformerWeights<float>& grads, const json& expected,
                      const std::string& what) {
  std::size_t n = 0;
  attn::transformer_for_each_param(
      grads, [&](const std::string& name, const std::vector<int>&, MatT<float>& g) {
        ++n;
        ASSERT_TRUE(expected.contains(name)) << name;
        EXPECT_TRUE(close(g.data(), static_cast<std::size_t>(g.size()), expected.at(name),
                          what + " d/d " + name));
      });
  EXPECT_EQ(n, expected.size()) << what;
}

struct Blocks {
  const char* key;  // the fixture's name
  AttnBlock block;
  int layers;
};

std::vector<Blocks> blocks_of(const TransformerConfig& c) {
  if (c.kind == TransformerKind::kDecoderOnly)
    return {{"decoderSelf", AttnBlock::kDecoder, c.dec_layers}};
  return {{"encoderSelf", AttnBlock::kEncoder, c.enc_layers},
          {"decoderSelf", AttnBlock::kDecoder, c.dec_layers},
          {"cross", AttnBlock::kCross, c.dec_layers}};
}

// The fixture's maps (L, [B,] H, T_q, T_k) against the core's (B*H*T_q, T_k) per layer: both are
// row-major over b, h, i, j, so layer l's block is the l-th contiguous slice.
void expect_maps(const TransformerConfig& c, const TransformerRunState<float>& rs,
                 const json& attention, const std::string& what) {
  for (const Blocks& b : blocks_of(c)) {
    const json& t = attention.at(b.key);
    ASSERT_EQ(t.at("shape")[0].get<int>(), b.layers) << what << " " << b.key;
    const std::size_t per_layer = t.at("data").size() / static_cast<std::size_t>(b.layers);
    for (int l = 0; l < b.layers; ++l) {
      const MatT<float>& m = rs.attention(b.block, l);
      json slice = {{"data", json::array()}};
      for (std::size_t i = 0; i < per_layer; ++i)
        slice["data"].push_back(t.at("data")[static_cast<std::size_t>(l) * per_layer + i]);
      EXPECT_TRUE(close(m.data(), static_cast<std::size_t>(m.size()), slice,
                        what + " " + b.key + " layer " + std::to_string(l)));
    }
  }
}

TransformerBatch batch_of(const json& model, const json& inputs) {
  TransformerBatch b;
  if (is_seq2seq(model)) {
    b.src = flatten(inputs.at("source"), b.S);
    b.tgt_in = flatten(inputs.at("targetIn"), b.T);
    b.tgt_out = flatten(inputs.at("targetOut"), b.T);
    b.B = static_cast<int>(inputs.at("source").size());
  } else {
    b.S = 0;
    b.tgt_in = flatten(inputs.at("ids"), b.T);
    b.tgt_out = flatten(inputs.at("nextIds"), b.T);
    b.B = static_cast<int>(inputs.at("ids").size());
  }
  return b;
}

// One sequence of "sequences" as a B = 1 batch.
json one_row_inputs(const json& model, const json& seq) {
  if (is_seq2seq(model))
    return {{"source", {seq.at("source")}},
            {"targetIn", {seq.at("targetIn")}},
            {"targetOut", {seq.at("targetOut")}}};
  return {{"ids", {seq.at("ids")}}, {"nextIds", {seq.at("nextIds")}}};
}

bool all_finite(const MatT<float>& m) { return m.allFinite(); }

TEST(TransformerGolden, FixtureCoversEveryCase) {
  std::set<std::string> names;
  for (const json& c : fixture().at("cases")) names.insert(c.at("name").get<std::string>());
  for (const char* n :
       {"seq2seq_no_padding", "seq2seq_ragged", "seq2seq_all_padding_source",
        "seq2seq_no_positional", "causal_lm_no_padding", "causal_lm_ragged",
        "causal_lm_no_positional", "translation_sentence", "translation_no_positional",
        "translation_all_padding_source", "induction_sequence"})
    EXPECT_TRUE(names.count(n)) << n;
  EXPECT_DOUBLE_EQ(fixture().at("tolerance").at("atol").get<double>(), kAtol);
  EXPECT_DOUBLE_EQ(fixture().at("tolerance").at("rtol").get<double>(), kRtol);
}

TEST(TransformerGolden, ParametersLoadByStateDictNameAndShape) {
  for (const auto& item : fixture().at("models").items()) {
    SCOPED_TRACE(item.key());
    const TransformerConfig c = config_of(item.value(), "sinusoidal");
    TransformerWeights<float> w;
    attn::transformer_init(c, w);
    load_params(item.value().at("params"), w);
    EXPECT_EQ(attn::check_transformer_weights(c, w), "");
    long n = 0;
    for (const auto& p : item.value().at("params").items())
      n += static_cast<long>(p.value().at("data").size());
    EXPECT_EQ(attn::transformer_parameter_count(w), n);
  }
}

// Forward and backward of every case's padded batch: logits, maps, loss, every gradient.
TEST(TransformerGolden, BatchForwardAndBackwardMatchTorch) {
  for (const json& k : fixture().at("cases")) {
    const std::string name = k.at("name");
    SCOPED_TRACE(name);
    const json& model = fixture().at("models").at(k.at("model").get<std::string>());
    const TransformerConfig c = config_of(model, k.at("positional"));
    TransformerWeights<float> w, grads;
    attn::transformer_init(c, w);
    load_params(model.at("params"), w);
    const TransformerBatch batch = batch_of(model, k.at("inputs"));
    ASSERT_EQ(attn::check_transformer_batch(c, batch), "");
    TransformerRunState<float> rs;
    const json& ex = k.at("expected");

    const float forward_loss = attn::transformer_loss(c, w, batch, rs);
    EXPECT_TRUE(close_scalar(forward_loss, ex.at("loss"), name + " loss (forward only)"));
    EXPECT_TRUE(close(rs.logits.data(), static_cast<std::size_t>(rs.logits.size()), ex.at("logits"),
                      name + " logits"));
    EXPECT_EQ(rs.tokens, ex.at("lossTokens").get<int>());
    expect_maps(c, rs, ex.at("attention"), name);

    const float loss = attn::transformer_loss_and_grad(c, w, batch, rs, grads);
    EXPECT_TRUE(close_scalar(loss, ex.at("loss"), name + " loss"));
    EXPECT_TRUE(close(rs.logits.data(), static_cast<std::size_t>(rs.logits.size()), ex.at("logits"),
                      name + " logits (with backward)"));
    expect_maps(c, rs, ex.at("attention"), name + " (with backward)");
    expect_gradients(grads, ex.at("gradients"), name);
  }
}

// Each row of a padded batch, alone and unpadded (what the single-sequence JS API computes).
TEST(TransformerGolden, EachSequenceAloneMatchesTorch) {
  for (const json& k : fixture().at("cases")) {
    const json& model = fixture().at("models").at(k.at("model").get<std::string>());
    const TransformerConfig c = config_of(model, k.at("positional"));
    TransformerWeights<float> w, grads;
    attn::transformer_init(c, w);
    load_params(model.at("params"), w);
    int b = 0;
    for (const json& seq : k.at("expected").at("sequences")) {
      const std::string what = k.at("name").get<std::string>() + " row " + std::to_string(b++);
      SCOPED_TRACE(what);
      const TransformerBatch batch = batch_of(model, one_row_inputs(model, seq));
      TransformerRunState<float> rs;
      const float loss = attn::transformer_loss_and_grad(c, w, batch, rs, grads);
      EXPECT_TRUE(close_scalar(loss, seq.at("loss"), what + " loss"));
      EXPECT_TRUE(close(rs.logits.data(), static_cast<std::size_t>(rs.logits.size()),
                        seq.at("logits"), what + " logits"));
      expect_maps(c, rs, seq.at("attention"), what);
      if (seq.contains("gradients")) expect_gradients(grads, seq.at("gradients"), what);
    }
  }
}

// A source made only of padding: PyTorch gives NaN (recorded in "torchModule"), the core gives
// zero weights in every encoder self-attention and cross-attention row of that sequence, and
// finite logits, loss and gradients everywhere (checked against the reference above).
void expect_zero_rows_not_nan(const json& k) {
  const json& model = fixture().at("models").at(k.at("model").get<std::string>());
  const TransformerConfig c = config_of(model, k.at("positional"));
  TransformerWeights<float> w, grads;
  attn::transformer_init(c, w);
  load_params(model.at("params"), w);
  const TransformerBatch batch = batch_of(model, k.at("inputs"));
  int pad_row = -1;
  for (int b = 0; b < batch.B && pad_row < 0; ++b) {
    bool all = true;
    for (int s = 0; s < batch.S; ++s) all = all && batch.src[b * batch.S + s] == attn::kPad;
    if (all) pad_row = b;
  }
  ASSERT_GE(pad_row, 0);
  // What PyTorch itself returns for that row: NaN logits and a NaN loss.
  const json& torch_logits = k.at("torchModule").at("logits").at("data");
  const std::size_t row_size = torch_logits.size() / static_cast<std::size_t>(batch.B);
  EXPECT_TRUE(std::isnan(json_float(torch_logits[static_cast<std::size_t>(pad_row) * row_size])));
  EXPECT_TRUE(std::isnan(json_float(k.at("torchModule").at("loss"))));

  TransformerRunState<float> rs;
  const float loss = attn::transformer_loss_and_grad(c, w, batch, rs, grads);
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_TRUE(all_finite(rs.logits));
  attn::transformer_for_each_param(
      grads, [&](const std::string& name, const std::vector<int>&, MatT<float>& g) {
        EXPECT_TRUE(all_finite(g)) << name;
      });
  for (AttnBlock block : {AttnBlock::kEncoder, AttnBlock::kCross})
    for (int l = 0; l < (block == AttnBlock::kEncoder ? c.enc_layers : c.dec_layers); ++l) {
      const MatT<float>& m = rs.attention(block, l);
      EXPECT_TRUE(all_finite(m));
      const Eigen::Index rows = m.rows() / batch.B;  // n_heads * T_q rows per sequence
      EXPECT_TRUE((m.middleRows(pad_row * rows, rows).array() == 0.0f).all())
          << attn::attn_block_name(block) << " layer " << l;
      if (pad_row != 0) {  // the other sequences' rows are distributions
        EXPECT_NEAR(m.row(0).sum(), 1.0f, 1e-5f);
      }
    }
  const MatT<float>& d = rs.attention(AttnBlock::kDecoder, 0);
  EXPECT_TRUE(all_finite(d));
  EXPECT_TRUE(close(rs.logits.data(), static_cast<std::size_t>(rs.logits.size()),
                    k.at("expected").at("logits"), "all-padding logits"));
}

TEST(TransformerGolden, AllPaddingSourceGivesZeroRowsNotNaN) {
  int found = 0;
  for (const json& k : fixture().at("cases"))
    if (k.contains("torchModule")) {
      SCOPED_TRACE(k.at("name").get<std::string>());
      expect_zero_rows_not_nan(k);
      ++found;
    }
  EXPECT_GE(found, 2);
}

// The trainer's single-sequence calls on the task-sized models (the WASM API's logits,
// gradients and, decoder-only, the maps of translate), with the fixture's weights loaded.
TEST(TransformerGolden, TrainerSingleSequenceCallsMatchTorch) {
  int checked = 0;
  for (const json& k : fixture().at("cases")) {
    const json& model = fixture().at("models").at(k.at("model").get<std::string>());
    if (model.at("task").is_null()) continue;
    const std::string name = k.at("name");
    SCOPED_TRACE(name);
    const std::string task = model.at("task");
    attn::TransformerTrainerConfig tc;
    tc.task.kind = task == "translation" ? attn::TaskKind::kTranslation
                   : task == "induction" ? attn::TaskKind::kInduction
                                         : attn::TaskKind::kReversal;
    tc.task.min_len = 3;
    tc.task.max_len = 6;
    tc.task.train_size = 64;
    tc.task.test_per_length = 2;
    tc.model = config_of(model, k.at("positional"));
    tc.batch_size = 8;
    ASSERT_EQ(attn::check_transformer_trainer(tc), "");
    attn::TransformerTrainer trainer(tc);
    ASSERT_EQ(trainer.model_config().src_vocab, tc.model.src_vocab) << "task vocabulary";
    ASSERT_EQ(trainer.model_config().tgt_vocab, tc.model.tgt_vocab) << "task vocabulary";
    load_params(model.at("params"), trainer.mutable_weights());
    trainer.reset_optimizer();
    for (const json& seq : k.at("expected").at("sequences")) {
      const bool s2s = is_seq2seq(model);
      const std::vector<int> src = s2s ? json_ints(seq.at("source")) : std::vector<int>{};
      const std::vector<int> tgt_in = json_ints(seq.at(s2s ? "targetIn" : "ids"));
      const std::vector<int> tgt_out = json_ints(seq.at(s2s ? "targetOut" : "nextIds"));
      attn::Mat logits;
      trainer.logits(src, tgt_in, logits);
      EXPECT_TRUE(close(logits.data(), static_cast<std::size_t>(logits.size()), seq.at("logits"),
                        name + " trainer.logits"));
      if (seq.contains("gradients")) {
        TransformerWeights<float> grads;
        const float loss = trainer.gradients(src, tgt_in, tgt_out, grads);
        EXPECT_TRUE(close_scalar(loss, seq.at("loss"), name + " trainer.gradients loss"));
        expect_gradients(grads, seq.at("gradients"), name + " trainer.gradients");
      }
      if (!s2s) {  // decoder-only: translate(ids) reads ids as given and reports their maps
        attn::TransformerDecode dec;
        trainer.translate(tgt_in, dec);
        const json& t = seq.at("attention").at("decoderSelf");
        const int L = t.at("shape")[0].get<int>(), H = t.at("shape")[1].get<int>();
        ASSERT_EQ(static_cast<int>(dec.dec_self.size()), L);
        const std::size_t per_head = t.at("data").size() / static_cast<std::size_t>(L * H);
        for (int l = 0; l < L; ++l)
          for (int h = 0; h < H; ++h) {
            const attn::Mat& m =
                dec.dec_self[static_cast<std::size_t>(l)][static_cast<std::size_t>(h)];
            json slice = {{"data", json::array()}};
            for (std::size_t i = 0; i < per_head; ++i)
              slice["data"].push_back(
                  t.at("data")[static_cast<std::size_t>(l * H + h) * per_head + i]);
            EXPECT_TRUE(close(
                m.data(), static_cast<std::size_t>(m.size()), slice,
                name + " translate map layer " + std::to_string(l) + " head " + std::to_string(h)));
          }
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 3);
}

}  // namespace
