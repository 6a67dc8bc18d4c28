// fuzz/fuzz_transformer.cpp — libFuzzer target for the Transformer trainer's inputs, where the
// lab's settings and a learner's text or a script's ids enter the core: check_transformer_trainer()
// of any configuration (task kind incl. induction, lengths, sizes, heads, layers, widths,
// positional kind, Adam settings, batch size), building a tiny trainer and running one step when
// it is valid and small; check_sequence() + logits() / gradients() / attention_maps() of any id
// sequences (lengths 0..70, ids in and out of range) on small seeded models of both kinds;
// check_head() + set_head_enabled() of any block/layer/head; tokenize() + check_translate() +
// translate() of any bytes. Properties: a rejected input throws attn::Error with the check's
// message naming its function, valid calls give finite logits, gradients and losses, every
// attention row sums to 1 or is all zero (fully blocked), and probabilities lie in [0, 1].
// It does not measure learning (tests/core does).
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attn/tasks.hpp"
#include "attn/transformer.hpp"
#include "fuzz_common.hpp"

namespace {

// A tiny trainer of each kind (translation = encoder–decoder, induction = decoder-only).
attn::TransformerTrainer& trainer(int which) {
  static std::unique_ptr<attn::TransformerTrainer> t[2];
  if (!t[which]) {
    attn::TransformerTrainerConfig c;
    c.task.kind = which == 0 ? attn::TaskKind::kTranslation : attn::TaskKind::kInduction;
    c.task.min_len = 3;
    c.task.max_len = 6;
    c.task.train_size = 16;
    c.task.test_per_length = 1;
    c.model.d_model = 8;
    c.model.n_heads = 2;
    c.model.enc_layers = which == 0 ? 1 : 0;
    c.model.dec_layers = which == 0 ? 1 : 2;
    c.model.d_ff = 8;
    c.batch_size = 4;
    t[which] = std::make_unique<attn::TransformerTrainer>(c);
  }
  return *t[which];
}

std::vector<int> ids(attn_fuzz::Gen& g, int vocab) {
  std::vector<int> out(static_cast<std::size_t>(g.int_in(0, 70)));
  // vocab 0 (the decoder-only model's source): every id is out of range.
  for (int& id : out) id = vocab < 1 || g.flag() ? g.int_in(-2, vocab + 2) : g.int_in(0, vocab - 1);
  return out;
}

// Every head's rows: weights in [0, 1] summing to 1, or all zero (a fully blocked row).
void check_maps(const std::vector<std::vector<attn::Mat>>& maps, const char* what) {
  for (const std::vector<attn::Mat>& layer : maps)
    for (const attn::Mat& m : layer) {
      attn_fuzz::check_finite(m, what);
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        ATTN_FUZZ_CHECK((m.row(i).array() >= 0.0f).all() && (m.row(i).array() <= 1.0f).all(),
                        std::string(what) + " has a weight outside [0, 1]");
        const double sum = m.row(i).cast<double>().sum();
        ATTN_FUZZ_CHECK(sum == 0.0 || std::abs(sum - 1.0) < 1e-3,
                        std::string(what) + ": row sum " + std::to_string(sum));
      }
    }
}

void fuzz_config(attn_fuzz::Gen& g) {
  using namespace attn;
  TransformerTrainerConfig c;
  c.task.kind = static_cast<TaskKind>(g.int_in(-1, 3));
  c.task.seed = static_cast<std::uint64_t>(g.any_int());
  c.task.min_len = g.int_in(-1, kTaskMaxLen + 1);
  c.task.max_len = g.int_in(-1, kTaskMaxLen + 1);
  c.task.train_size = g.flag() ? g.any_int() : g.int_in(0, 20);
  c.task.test_per_length = g.flag() ? g.any_int() : g.int_in(0, 2);
  c.model.d_model = g.flag() ? g.any_int() : g.int_in(0, 9);
  c.model.n_heads = g.flag() ? g.any_int() : g.int_in(0, 4);
  c.model.enc_layers = g.flag() ? g.any_int() : g.int_in(-1, 3);
  c.model.dec_layers = g.flag() ? g.any_int() : g.int_in(-1, 3);
  c.model.d_ff = g.flag() ? g.any_int() : g.int_in(0, 9);
  c.model.positional = static_cast<PositionalKind>(g.int_in(-1, 2));
  c.adam.lr = g.value();
  c.adam.clip = g.flag() ? g.value() : 1.0f;
  c.adam.decay_after = g.flag() ? g.any_int() : 0;
  c.batch_size = g.flag() ? g.any_int() : g.int_in(0, 6);
  const std::string problem = check_transformer_trainer(c);
  if (!problem.empty()) {
    attn_fuzz::check_message(problem, "TransformerTrainer");
    attn_fuzz::check_throws_iff(problem, [&] { TransformerTrainer t(c); });
    return;
  }
  if (c.task.train_size > 20 || c.task.test_per_length > 2 || c.model.d_model > 9 ||
      c.model.d_ff > 9 || c.model.enc_layers > 2 || c.model.dec_layers > 2 || c.batch_size > 6)
    return;
  TransformerTrainer t(c);
  const float loss = t.train_steps(1);
  ATTN_FUZZ_CHECK(std::isfinite(loss) && loss >= 0.0f, "train_steps loss " + std::to_string(loss));
  ATTN_FUZZ_CHECK(std::isfinite(t.last_grad_norm()), "grad norm");
}

void fuzz_sequence(attn_fuzz::Gen& g, attn::TransformerTrainer& t) {
  using namespace attn;
  const TransformerConfig& c = t.model_config();
  const bool decoder_only = c.kind == TransformerKind::kDecoderOnly;
  const std::vector<int> src = decoder_only && g.flag() ? std::vector<int>() : ids(g, c.src_vocab);
  const std::vector<int> tgt_in = ids(g, c.tgt_vocab);
  const std::vector<int> tgt_out = g.flag() ? ids(g, c.tgt_vocab) : tgt_in;
  const int what = g.int_in(0, 2);
  const char* fn = what == 0   ? "TransformerTrainer.logits"
                   : what == 1 ? "TransformerTrainer.gradients"
                               : "TransformerTrainer.attentionMaps";
  const std::string problem = t.check_sequence(src, tgt_in, what == 1 ? &tgt_out : nullptr, fn);
  if (!problem.empty()) {
    attn_fuzz::check_message(problem, fn);
    return;
  }
  if (what == 0) {
    Mat logits;
    t.logits(src, tgt_in, logits);
    ATTN_FUZZ_CHECK(logits.rows() == static_cast<Eigen::Index>(tgt_in.size()), "logits rows");
    attn_fuzz::check_finite(logits, "logits");
  } else if (what == 1) {
    TransformerWeights<float> grads;
    const float loss = t.gradients(src, tgt_in, tgt_out, grads);
    ATTN_FUZZ_CHECK(std::isfinite(loss) && loss >= 0.0f, "gradients loss");
    transformer_for_each_param(grads, [](const std::string& name, const std::vector<int>&, Mat& m) {
      attn_fuzz::check_finite(m, name.c_str());
    });
  } else {
    TransformerDecode maps;
    t.attention_maps(src, tgt_in, maps);
    check_maps(maps.enc_self, "encoder self-attention");
    check_maps(maps.dec_self, "decoder self-attention");
    check_maps(maps.cross, "cross-attention");
  }
}

void fuzz_head(attn_fuzz::Gen& g, attn::TransformerTrainer& t) {
  const attn::AttnBlock block = static_cast<attn::AttnBlock>(g.int_in(-1, 3));
  const int layer = g.flag() ? g.any_int() : g.int_in(-1, 3);
  const int head = g.flag() ? g.any_int() : g.int_in(-1, 3);
  const std::string problem = t.check_head(block, layer, head);
  if (!problem.empty()) {
    attn_fuzz::check_message(problem, "TransformerTrainer.set_head_enabled");
    return;
  }
  t.set_head_enabled(block, layer, head, false);
  ATTN_FUZZ_CHECK(!t.head_enabled(block, layer, head), "head still enabled");
  t.set_head_enabled(block, layer, head, true);
}

void fuzz_translate(attn_fuzz::Gen& g, attn::TransformerTrainer& t) {
  using namespace attn;
  const Task& task = t.task();
  const Vocab& vocab = task.kind == TaskKind::kInduction ? task.tgt_vocab : task.src_vocab;
  const Tokenized tok = tokenize(vocab, g.rest_as_string());
  const std::string problem = t.check_translate(tok.ids);
  if (!problem.empty()) {
    attn_fuzz::check_message(problem, "TransformerTrainer.translate");
    ATTN_FUZZ_CHECK(
        tok.ids.empty() || tok.ids.size() > static_cast<std::size_t>(kTransformerMaxLen),
        "a tokenized sentence of valid length was rejected: " + problem);
    return;
  }
  TransformerDecode out;
  t.translate(tok.ids, out);
  for (int id : out.tokens) ATTN_FUZZ_CHECK(id >= 0 && id < task.tgt_vocab.size(), "decoded id");
  for (float p : out.prob) ATTN_FUZZ_CHECK(std::isfinite(p) && p >= 0.0f && p <= 1.0f, "prob");
  check_maps(out.enc_self, "encoder self-attention");
  check_maps(out.dec_self, "decoder self-attention");
  check_maps(out.cross, "cross-attention");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  attn_fuzz::Gen g(data, size);
  const int what = g.int_in(0, 3);
  if (what == 0) {
    fuzz_config(g);
    return 0;
  }
  attn::TransformerTrainer& t = trainer(g.int_in(0, 1));
  if (what == 1)
    fuzz_sequence(g, t);
  else if (what == 2)
    fuzz_head(g, t);
  else
    fuzz_translate(g, t);
  return 0;
}
