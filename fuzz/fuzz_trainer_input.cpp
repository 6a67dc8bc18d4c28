// fuzz/fuzz_trainer_input.cpp — libFuzzer target for the bottleneck lab trainer's input path,
// where a learner's text and settings enter the core: tokenize() of any bytes (HTML, script,
// control characters, invalid UTF-8, very long words), detokenize() and reference_target() of
// the ids, check_seq2seq_greedy_decode() + seq2seq_greedy_decode() of the ids with a small
// seeded model, and check_seq2seq_trainer() of any configuration (task kind, lengths, sizes,
// widths, attention kind, Adam settings, batch size), building a tiny trainer and running one
// step when it is valid and small. Properties: every id is in the vocabulary, the unknown
// words are exactly the words that became <unk>, rejected configs throw attn::Error with the
// check's message, decoding gives finite attention rows summing to 1 and finite probabilities,
// and one training step gives a finite loss. It does not measure learning (tests/core does).
#include <cstdint>
#include <string>
#include <vector>

#include "attn/seq2seq.hpp"
#include "attn/tasks.hpp"
#include "fuzz_common.hpp"

namespace {

struct Model {
  attn::Vocab src, tgt;
  attn::Seq2SeqConfig config;
  attn::Seq2SeqWeights<float> w;
  attn::Seq2SeqRunState<float> rs;
  explicit Model(attn::AttentionKind kind) {
    attn::task_vocabularies(attn::TaskKind::kTranslation, src, tgt);
    config.src_vocab = src.size();
    config.tgt_vocab = tgt.size();
    config.embed = 4;
    config.hidden = 6;
    config.attn_hidden = 5;
    config.attention = kind;
    config.seed = 3;
    attn::seq2seq_init(config, w);
  }
};

Model& model(int kind) {
  static Model models[] = {Model(attn::AttentionKind::kNone), Model(attn::AttentionKind::kAdditive),
                           Model(attn::AttentionKind::kDot)};
  return models[kind];
}

void fuzz_config(attn_fuzz::Gen& g) {
  using namespace attn;
  Seq2SeqTrainerConfig c;
  c.task.kind = static_cast<TaskKind>(g.int_in(-1, 2));
  c.task.seed = static_cast<std::uint64_t>(g.any_int());
  c.task.min_len = g.int_in(-1, kTaskMaxLen + 1);
  c.task.max_len = g.int_in(-1, kTaskMaxLen + 1);
  c.task.train_size = g.flag() ? g.any_int() : g.int_in(0, 40);
  c.task.test_per_length = g.flag() ? g.any_int() : g.int_in(0, 3);
  c.model.embed = g.flag() ? g.any_int() : g.int_in(0, 6);
  c.model.hidden = g.flag() ? g.any_int() : g.int_in(0, 6);
  c.model.attn_hidden = g.flag() ? g.any_int() : g.int_in(0, 6);
  c.model.attention = static_cast<AttentionKind>(g.int_in(-1, 3));
  c.adam.lr = g.value();
  c.adam.beta1 = g.flag() ? g.value() : 0.9f;
  c.adam.beta2 = g.flag() ? g.value() : 0.999f;
  c.adam.eps = g.flag() ? g.value() : 1e-8f;
  c.adam.clip = g.flag() ? g.value() : 5.0f;
  c.batch_size = g.flag() ? g.any_int() : g.int_in(0, 8);
  const std::string problem = check_seq2seq_trainer(c);
  if (!problem.empty()) {
    attn_fuzz::check_message(problem, "Seq2SeqTrainer");
    attn_fuzz::check_throws_iff(problem, [&] { Seq2SeqTrainer t(c); });
    return;
  }
  // Valid: build and step it only when tiny, so each execution stays in milliseconds.
  if (c.task.train_size > 40 || c.task.test_per_length > 3 || c.model.embed > 6 ||
      c.model.hidden > 6 || c.model.attn_hidden > 6 || c.batch_size > 8)
    return;
  Seq2SeqTrainer trainer(c);
  const float loss = trainer.train_steps(1);
  ATTN_FUZZ_CHECK(std::isfinite(loss) && loss >= 0.0f, "train_steps loss " + std::to_string(loss));
  ATTN_FUZZ_CHECK(std::isfinite(trainer.last_grad_norm()), "grad norm");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attn;
  attn_fuzz::Gen g(data, size);
  const int what = g.int_in(0, 3);
  if (what == 3) {
    fuzz_config(g);
    return 0;
  }
  Model& m = model(what);
  const std::string sentence = g.rest_as_string();

  // 1. Tokenize: ids in the vocabulary; the unknown words are exactly the <unk> ids, except a
  //    literal "<unk>" typed by the learner.
  const Tokenized t = tokenize(m.src, sentence);
  std::size_t unk = 0;
  for (int id : t.ids) {
    ATTN_FUZZ_CHECK(id >= 0 && id < m.src.size(), "id outside the vocabulary");
    if (id == kUnk) ++unk;
  }
  ATTN_FUZZ_CHECK(t.unknown.size() <= unk, "more unknown words than <unk> ids");
  for (const std::string& w : t.unknown) ATTN_FUZZ_CHECK(!w.empty(), "empty unknown word");

  // 2. Detokenize and the rule-based reference never fail and stay in the vocabularies.
  const std::string back = detokenize(m.src, t.ids);
  (void)back;
  for (TaskKind kind : {TaskKind::kTranslation, TaskKind::kReversal}) {
    const std::vector<int> ref = reference_target(kind, t.ids);
    ATTN_FUZZ_CHECK(ref.size() == t.ids.size() || kind == TaskKind::kTranslation, "reversal size");
    const int bound = kind == TaskKind::kTranslation ? m.tgt.size() : m.src.size();
    for (int id : ref) ATTN_FUZZ_CHECK(id >= 0 && id < bound, "reference id out of range");
  }

  // 3. Translate the ids as the lab does: checked first, then decoded.
  const int max_steps = std::min(kSeq2SeqMaxLen, 2 * static_cast<int>(t.ids.size()) + 2);
  const std::string problem = check_seq2seq_greedy_decode(m.config, t.ids, max_steps);
  if (!problem.empty()) {
    attn_fuzz::check_message(problem, "seq2seq_greedy_decode");
    ATTN_FUZZ_CHECK(t.ids.empty() || t.ids.size() > static_cast<std::size_t>(kSeq2SeqMaxLen),
                    "a tokenized sentence of valid length was rejected: " + problem);
    return 0;
  }
  Seq2SeqDecode out;
  seq2seq_greedy_decode(m.config, m.w, t.ids, max_steps, m.rs, out);
  ATTN_FUZZ_CHECK(out.tokens.size() <= static_cast<std::size_t>(max_steps), "too many tokens");
  for (int id : out.tokens) ATTN_FUZZ_CHECK(id >= 0 && id < m.tgt.size(), "decoded id");
  for (float p : out.prob) ATTN_FUZZ_CHECK(std::isfinite(p) && p >= 0.0f && p <= 1.0f, "prob");
  attn_fuzz::check_finite(out.context, "context");
  attn_fuzz::check_finite(out.states, "states");
  attn_fuzz::check_finite(out.encoder, "encoder");
  if (m.config.attention != AttentionKind::kNone)
    attn_fuzz::check_weights(
        out.attention, [](Eigen::Index) { return false; }, "attention");
  return 0;
}
