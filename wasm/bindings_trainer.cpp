// wasm/bindings_trainer.cpp — the private Embind class `_RawBottleneckTrainer` under
// wasm/trainer.js: one handle owns one attn::Seq2SeqTrainer (task, model, Adam state,
// workspaces) in the WASM heap until JS calls delete(). Every method returns a plain JS object
// whose typed arrays are copies owned by JS, or {error} (this build has no C++ exceptions:
// configure() and translate() run the core's check_* functions first).
// It does no math of its own and no validation of JS types (trainer.js does; trainer.js also
// checks a state dict's names and shapes against parameterShapes() before setParameter()).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attn/seq2seq.hpp"
#include "attn/tasks.hpp"
#include "bindings_util.hpp"

using emscripten::val;

namespace {

using attn_js::alignment_top_to_js;
using attn_js::error_to_js;
using attn_js::floats_to_js;
using attn_js::matrix_to_js;
using attn_js::strings_to_js;
using attn_js::words_to_js;

const char* attention_name(attn::AttentionKind k) {
  return k == attn::AttentionKind::kNone       ? "none"
         : k == attn::AttentionKind::kAdditive ? "additive"
                                               : "dot";
}

class RawBottleneckTrainer {
 public:
  // options (normalized by trainer.js, every field present): {task: 0|1, attention: 0|1|2,
  // embed, hidden, attnHidden, batchSize, lr, clip, decayAfter, minLen, maxLen, trainSize,
  // testPerLength, seed}. Returns "" or the core's message; the handle is usable only after "".
  std::string configure(val o) {
    attn::Seq2SeqTrainerConfig c;
    attn_js::read_trainer_options(o, c);
    c.model.attention = static_cast<attn::AttentionKind>(o["attention"].as<int>());
    c.model.embed = o["embed"].as<int>();
    c.model.hidden = o["hidden"].as<int>();
    c.model.attn_hidden = o["attnHidden"].as<int>();
    const std::string problem = attn::check_seq2seq_trainer(c);
    if (!problem.empty()) return problem;
    trainer_ = std::make_unique<attn::Seq2SeqTrainer>(c);
    return "";
  }

  // {loss, steps, epochs, gradNorm}; n is checked by trainer.js (1 ≤ n ≤ 100000).
  val trainSteps(int n) {
    const float loss = trainer_->train_steps(n);
    return attn_js::train_steps_to_js(loss, trainer_->steps(), trainer_->epochs(),
                                      trainer_->last_grad_norm());
  }

  // [{length, sentences, tokens, correct, exact, tokenAccuracy}] on the held-out set.
  val evaluate() {
    std::vector<attn::LengthAccuracy> acc;
    trainer_->evaluate(acc);
    return attn_js::accuracy_to_js(acc, false, false);
  }

  // Greedy decoding of a sentence typed by the learner, with everything the lab displays.
  val translate(std::string sentence) {
    const attn::Task& task = trainer_->task();
    const attn::Tokenized tok = attn::tokenize(task.src_vocab, sentence);
    if (tok.ids.empty()) return error_to_js("translate: sentence has no words");
    const int max_steps = std::min(attn::kSeq2SeqMaxLen, 2 * static_cast<int>(tok.ids.size()) + 2);
    const std::string problem =
        attn::check_seq2seq_greedy_decode(trainer_->model_config(), tok.ids, max_steps);
    if (!problem.empty()) return error_to_js("translate: " + problem);
    attn::Seq2SeqDecode d;
    trainer_->translate(tok.ids, d);
    val out = val::object();
    out.set("source", words_to_js(task.src_vocab, tok.ids));
    out.set("unknown", strings_to_js(tok.unknown));
    out.set("output", words_to_js(task.tgt_vocab, d.tokens));
    out.set("reference", words_to_js(task.tgt_vocab, attn::reference_target(task.kind, tok.ids)));
    out.set("finished", d.finished);
    out.set("attention", matrix_to_js(d.attention));
    out.set("top", alignment_top_to_js(d.attention));
    out.set("context", matrix_to_js(d.context));
    out.set("states", matrix_to_js(d.states));
    out.set("encoder", matrix_to_js(d.encoder));
    out.set("prob", floats_to_js(d.prob.data(), d.prob.size()));
    return out;
  }

  int testSize() const { return static_cast<int>(trainer_->task().test.size()); }

  // {source, reference} words of held-out example i (0 ≤ i < testSize, checked by trainer.js).
  val testExample(int i) const {
    const attn::Task& task = trainer_->task();
    const attn::Example& e = task.test[static_cast<std::size_t>(i)];
    val out = val::object();
    out.set("source", words_to_js(task.src_vocab, e.src));
    out.set("reference", words_to_js(task.tgt_vocab, e.tgt));
    return out;
  }

  val info() const {
    const attn::Seq2SeqTrainerConfig& c = trainer_->config();
    const attn::Task& task = trainer_->task();
    val out = val::object();
    out.set("task", c.task.kind == attn::TaskKind::kTranslation ? "translation" : "reversal");
    out.set("attention", attention_name(c.model.attention));
    out.set("embed", c.model.embed);
    out.set("hidden", c.model.hidden);
    out.set("attnHidden", c.model.attn_hidden);
    out.set("batchSize", c.batch_size);
    out.set("parameters", static_cast<double>(attn::seq2seq_parameter_count(trainer_->weights())));
    out.set("minLen", task.min_len);
    out.set("maxLen", task.max_len);
    out.set("trainSize", static_cast<int>(task.train.size()));
    out.set("testSize", static_cast<int>(task.test.size()));
    out.set("sourceVocab", attn_js::vocabulary_to_js(task.src_vocab));
    out.set("targetVocab", attn_js::vocabulary_to_js(task.tgt_vocab));
    return out;
  }

  double weightsChecksum() const { return static_cast<double>(trainer_->weights_checksum()); }

  // [{name, shape: [rows, cols]}] of every non-empty block in seq2seq_for_each_block's order
  // (src_emb, tgt_emb, enc_W, …); 1-row biases too are reported 2-D, e.g. enc_b (1, 3h).
  val parameterShapes() {
    val out = val::array();
    attn::seq2seq_for_each_block(trainer_->mutable_weights(), [&](const char* name, attn::Mat& m) {
      val p = val::object();
      val s = val::array();
      s.call<void>("push", static_cast<int>(m.rows()));
      s.call<void>("push", static_cast<int>(m.cols()));
      p.set("name", std::string(name));
      p.set("shape", s);
      out.call<void>("push", p);
    });
    return out;
  }

  // A copy of block i, row-major (i checked by trainer.js).
  val parameter(int i) {
    val out = val::undefined();
    visit(i,
          [&](attn::Mat& m) { out = floats_to_js(m.data(), static_cast<std::size_t>(m.size())); });
    return out;
  }

  // Overwrites block i with `data` (trainer.js checked its name, shape and finiteness), and
  // restarts Adam's moments: they belonged to other weights.
  void setParameter(int i, val data) {
    visit(i, [&](attn::Mat& m) {
      attn_js::floats_from_js(data, m.data(), static_cast<std::size_t>(m.size()));
    });
    trainer_->reset_optimizer();
  }

 private:
  template <typename F>
  void visit(int index, F&& f) {
    int i = 0;
    attn::seq2seq_for_each_block(trainer_->mutable_weights(), [&](const char*, attn::Mat& m) {
      if (i++ == index) f(m);
    });
  }

  std::unique_ptr<attn::Seq2SeqTrainer> trainer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(attention_core_trainer) {
  emscripten::class_<RawBottleneckTrainer>("_RawBottleneckTrainer")
      .constructor<>()
      .function("configure", &RawBottleneckTrainer::configure)
      .function("trainSteps", &RawBottleneckTrainer::trainSteps)
      .function("evaluate", &RawBottleneckTrainer::evaluate)
      .function("translate", &RawBottleneckTrainer::translate)
      .function("testSize", &RawBottleneckTrainer::testSize)
      .function("testExample", &RawBottleneckTrainer::testExample)
      .function("info", &RawBottleneckTrainer::info)
      .function("weightsChecksum", &RawBottleneckTrainer::weightsChecksum)
      .function("parameterShapes", &RawBottleneckTrainer::parameterShapes)
      .function("parameter", &RawBottleneckTrainer::parameter)
      .function("setParameter", &RawBottleneckTrainer::setParameter);
}
