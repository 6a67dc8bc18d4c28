// wasm/bindings_transformer.cpp — the private Embind class `_RawTransformerTrainer` under
// wasm/trainer.js's TransformerTrainer: one handle owns one attn::TransformerTrainer (task,
// model, Adam state, workspaces) in the WASM heap until JS calls delete(). Every method returns a
// plain JS object whose typed arrays are copies owned by JS, or {error} (this build has no C++
// exceptions: every method that takes input runs the core's check_* functions first).
// It does no math of its own and no validation of JS types (trainer.js does; trainer.js also
// checks a state dict's names and shapes against parameterShapes() before setParameter()).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attn/tasks.hpp"
#include "attn/transformer.hpp"
#include "bindings_util.hpp"

using attn_js::alignment_top_to_js;
using attn_js::error_to_js;
using attn_js::floats_to_js;
using attn_js::ids_from_js;
using attn_js::matrix_to_js;
using attn_js::strings_to_js;
using attn_js::words_to_js;
using emscripten::val;

namespace {

const char* task_name(attn::TaskKind k) {
  return k == attn::TaskKind::kTranslation ? "translation"
         : k == attn::TaskKind::kReversal  ? "reversal"
                                           : "induction";
}

// [layer][head] matrices as nested JS arrays.
val maps_js(const std::vector<std::vector<attn::Mat>>& maps) {
  val out = val::array();
  for (const std::vector<attn::Mat>& layer : maps) {
    val heads = val::array();
    for (const attn::Mat& m : layer) heads.call<void>("push", matrix_to_js(m));
    out.call<void>("push", heads);
  }
  return out;
}

// {encoderSelf, decoderSelf, cross} of a decoding or a teacher-forced pass.
val all_maps_js(const attn::TransformerDecode& m) {
  val out = val::object();
  out.set("encoderSelf", maps_js(m.enc_self));
  out.set("decoderSelf", maps_js(m.dec_self));
  out.set("cross", maps_js(m.cross));
  return out;
}

// A score the core leaves NaN where its definition has no query; null in JS for alignment.
val score_or_null(double x) { return std::isnan(x) ? val::null() : val(x); }

class RawTransformerTrainer {
 public:
  // options (normalized by trainer.js, every field present): {task: 0|1|2, dModel, numHeads,
  // encoderLayers, decoderLayers, ffDim, positional: 0|1, batchSize, lr, clip, decayAfter,
  // warmup, minLen, maxLen, trainSize, testPerLength, seed}. Returns "" or the core's message.
  std::string configure(val o) {
    attn::TransformerTrainerConfig c;
    attn_js::read_trainer_options(o, c);
    c.model.d_model = o["dModel"].as<int>();
    c.model.n_heads = o["numHeads"].as<int>();
    c.model.enc_layers = o["encoderLayers"].as<int>();
    c.model.dec_layers = o["decoderLayers"].as<int>();
    c.model.d_ff = o["ffDim"].as<int>();
    c.model.positional = static_cast<attn::PositionalKind>(o["positional"].as<int>());
    c.adam.warmup = o["warmup"].as<int>();
    const std::string problem = attn::check_transformer_trainer(c);
    if (!problem.empty()) return problem;
    trainer_ = std::make_unique<attn::TransformerTrainer>(c);
    return "";
  }

  // {loss, steps, epochs, gradNorm}; n is checked by trainer.js (1 ≤ n ≤ 100000).
  val trainSteps(int n) {
    const float loss = trainer_->train_steps(n);
    return attn_js::train_steps_to_js(loss, trainer_->steps(), trainer_->epochs(),
                                      trainer_->last_grad_norm());
  }

  // Rows by source length (induction: by position, with `half`), each with its `loss`.
  val evaluate() {
    std::vector<attn::LengthAccuracy> acc;
    trainer_->evaluate(acc);
    return attn_js::accuracy_to_js(acc, true, trainer_->task().kind == attn::TaskKind::kInduction);
  }

  val testLoss() {
    const attn::TransformerTestLoss l = trainer_->test_loss();
    val out = val::object();
    out.set("loss", l.loss);
    out.set("firstHalf", score_or_null(l.first_half));
    out.set("repeatedHalf", score_or_null(l.repeated_half));
    return out;
  }

  // The correct output for `ids`: the task's rule-based target; for induction the true next
  // tokens ids[1..] (the model's output[i] predicts ids[i + 1]).
  std::vector<int> reference(const std::vector<int>& ids) const {
    const attn::TaskKind kind = trainer_->task().kind;
    if (kind != attn::TaskKind::kInduction) return attn::reference_target(kind, ids);
    return ids.size() > 1 ? std::vector<int>(ids.begin() + 1, ids.end()) : std::vector<int>();
  }

  // The vocabulary a learner's sentence is read in (induction: its one vocabulary).
  const attn::Vocab& input_vocab() const {
    const attn::Task& task = trainer_->task();
    return task.kind == attn::TaskKind::kInduction ? task.tgt_vocab : task.src_vocab;
  }

  val translate(std::string sentence) {
    const attn::Task& task = trainer_->task();
    const attn::Tokenized tok = attn::tokenize(input_vocab(), sentence);
    if (tok.ids.empty()) return error_to_js("TransformerTrainer.translate: sentence has no words");
    const std::string problem = trainer_->check_translate(tok.ids);
    if (!problem.empty()) return error_to_js(problem);
    attn::TransformerDecode d;
    trainer_->translate(tok.ids, d);
    val out = val::object();
    out.set("source", words_to_js(input_vocab(), tok.ids));
    out.set("unknown", strings_to_js(tok.unknown));
    out.set("output", words_to_js(task.tgt_vocab, d.tokens));
    out.set("reference", words_to_js(task.tgt_vocab, reference(tok.ids)));
    out.set("finished", d.finished);
    out.set("prob", floats_to_js(d.prob.data(), d.prob.size()));
    // The GRU-comparable alignment: the last layer's cross-attention (decoder-only: its
    // self-attention) averaged over heads, by the core.
    const std::vector<std::vector<attn::Mat>>& last = d.cross.empty() ? d.dec_self : d.cross;
    attn::Mat alignment;
    attn::transformer_head_mean(last.back(), alignment);
    out.set("attention", matrix_to_js(alignment));
    out.set("top", alignment_top_to_js(alignment));
    out.set("maps", all_maps_js(d));
    return out;
  }

  int testSize() const { return static_cast<int>(trainer_->task().test.size()); }

  // {source, reference} words of held-out example i (checked by trainer.js). Induction: the
  // sequence x_1..x_n x_1..x_n as `source`, and its next tokens x_2..x_n x_1..x_n as `reference`.
  val testExample(int i) const {
    const attn::Task& task = trainer_->task();
    const attn::Example& e = task.test[static_cast<std::size_t>(i)];
    val out = val::object();
    if (task.kind == attn::TaskKind::kInduction) {
      out.set("source", words_to_js(task.tgt_vocab, e.tgt));
      out.set("reference", words_to_js(task.tgt_vocab, reference(e.tgt)));
    } else {
      out.set("source", words_to_js(task.src_vocab, e.src));
      out.set("reference", words_to_js(task.tgt_vocab, e.tgt));
    }
    return out;
  }

  val info() const {
    const attn::TransformerTrainerConfig& c = trainer_->config();
    const attn::TransformerConfig& m = trainer_->model_config();
    const attn::Task& task = trainer_->task();
    val out = val::object();
    out.set("model", std::string("transformer"));
    out.set("task", std::string(task_name(task.kind)));
    out.set("dModel", m.d_model);
    out.set("numHeads", m.n_heads);
    out.set("encoderLayers", m.kind == attn::TransformerKind::kDecoderOnly ? 0 : m.enc_layers);
    out.set("decoderLayers", m.dec_layers);
    out.set("ffDim", m.d_ff);
    out.set("positional",
            std::string(m.positional == attn::PositionalKind::kNone ? "none" : "sinusoidal"));
    out.set("batchSize", c.batch_size);
    out.set("parameters",
            static_cast<double>(attn::transformer_parameter_count(trainer_->weights())));
    out.set("minLen", task.min_len);
    out.set("maxLen", task.max_len);
    out.set("trainSize", static_cast<int>(task.train.size()));
    out.set("testSize", static_cast<int>(task.test.size()));
    out.set("sourceVocab", attn_js::vocabulary_to_js(task.src_vocab));
    out.set("targetVocab", attn_js::vocabulary_to_js(task.tgt_vocab));
    return out;
  }

  double weightsChecksum() const { return static_cast<double>(trainer_->weights_checksum()); }

  // {src: (B, S), tgtIn: (B, T), tgtOut: (B, T)} ids of the last training step, as nested arrays.
  val lastBatch() const {
    const attn::TransformerBatch& b = trainer_->last_batch();
    const auto rows = [](const std::vector<int>& ids, int B, int n) {
      val out = val::array();
      for (int i = 0; i < B; ++i) {
        val r = val::array();
        for (int j = 0; j < n; ++j) r.call<void>("push", ids[static_cast<std::size_t>(i * n + j)]);
        out.call<void>("push", r);
      }
      return out;
    };
    val out = val::object();
    out.set("src", rows(b.src, b.S > 0 ? b.B : 0, b.S));
    out.set("tgtIn", rows(b.tgt_in, b.B, b.T));
    out.set("tgtOut", rows(b.tgt_out, b.B, b.T));
    return out;
  }

  // [{name, shape}] in state_dict order.
  val parameterShapes() {
    val out = val::array();
    attn::transformer_for_each_param(
        trainer_->mutable_weights(),
        [&](const std::string& name, const std::vector<int>& shape, attn::Mat&) {
          val p = val::object();
          val s = val::array();
          for (int x : shape) s.call<void>("push", x);
          p.set("name", name);
          p.set("shape", s);
          out.call<void>("push", p);
        });
    return out;
  }

  // A copy of parameter i (state_dict order; i checked by trainer.js).
  val parameter(int i) {
    val out = val::undefined();
    visit(trainer_->mutable_weights(), i,
          [&](attn::Mat& m) { out = floats_to_js(m.data(), static_cast<std::size_t>(m.size())); });
    return out;
  }

  // Overwrites parameter i with `data` (trainer.js checked its name, shape and finiteness), and
  // restarts Adam's moments: they belonged to other weights.
  void setParameter(int i, val data) {
    visit(trainer_->mutable_weights(), i, [&](attn::Mat& m) {
      attn_js::floats_from_js(data, m.data(), static_cast<std::size_t>(m.size()));
    });
    trainer_->reset_optimizer();
  }

  val logits(val src_js, val tgt_js) {
    const std::vector<int> src = ids_from_js(src_js), tgt = ids_from_js(tgt_js);
    const std::string problem =
        trainer_->check_sequence(src, tgt, nullptr, "TransformerTrainer.logits");
    if (!problem.empty()) return error_to_js(problem);
    attn::Mat out;
    trainer_->logits(src, tgt, out);
    return matrix_to_js(out);
  }

  val attentionMaps(val src_js, val tgt_js) {
    const std::vector<int> src = ids_from_js(src_js), tgt = ids_from_js(tgt_js);
    const std::string problem =
        trainer_->check_sequence(src, tgt, nullptr, "TransformerTrainer.attentionMaps");
    if (!problem.empty()) return error_to_js(problem);
    attn::TransformerDecode maps;
    trainer_->attention_maps(src, tgt, maps);
    return all_maps_js(maps);
  }

  // One encoder (decoder-only: causal) layer step by step: {input, attention, sum1, norm1,
  // feedForward, sum2, output}, each (T, d_model).
  val blockTrace(val src_js, int layer) {
    const std::vector<int> src = ids_from_js(src_js);
    const std::string problem = trainer_->check_block_trace(src, layer);
    if (!problem.empty()) return error_to_js(problem);
    attn::TransformerBlockTrace t;
    trainer_->block_trace(src, layer, t);
    val out = val::object();
    out.set("input", matrix_to_js(t.x_in));
    out.set("attention", matrix_to_js(t.attn));
    out.set("sum1", matrix_to_js(t.sum1));
    out.set("norm1", matrix_to_js(t.norm1));
    out.set("feedForward", matrix_to_js(t.ff));
    out.set("sum2", matrix_to_js(t.sum2));
    out.set("output", matrix_to_js(t.out));
    return out;
  }

  // {loss, grads: Float32Array[] in state_dict order}.
  val gradients(val src_js, val tgt_in_js, val tgt_out_js) {
    const std::vector<int> src = ids_from_js(src_js), tgt_in = ids_from_js(tgt_in_js),
                           tgt_out = ids_from_js(tgt_out_js);
    const std::string problem =
        trainer_->check_sequence(src, tgt_in, &tgt_out, "TransformerTrainer.gradients");
    if (!problem.empty()) return error_to_js(problem);
    attn::TransformerWeights<float> g;
    const float loss = trainer_->gradients(src, tgt_in, tgt_out, g);
    val grads = val::array();
    attn::transformer_for_each_param(
        g, [&](const std::string&, const std::vector<int>&, attn::Mat& m) {
          grads.call<void>("push", floats_to_js(m.data(), static_cast<std::size_t>(m.size())));
        });
    val out = val::object();
    out.set("loss", loss);
    out.set("grads", grads);
    return out;
  }

  val headScores() {
    std::vector<attn::HeadScore> scores;
    trainer_->head_scores(scores);
    val out = val::array();
    for (const attn::HeadScore& s : scores) {
      val row = val::object();
      row.set("block", std::string(attn::attn_block_name(s.block)));
      row.set("layer", s.layer);
      row.set("head", s.head);
      row.set("enabled", s.enabled);
      row.set("previousToken", s.previous_token);
      row.set("induction", s.induction);
      row.set("alignment", score_or_null(s.alignment));
      out.call<void>("push", row);
    }
    return out;
  }

  // "" or the core's message (block 0 encoder, 1 decoder, 2 cross).
  std::string setHeadEnabled(int block, int layer, int head, bool enabled) {
    const attn::AttnBlock b = static_cast<attn::AttnBlock>(block);
    const std::string problem =
        trainer_->check_head(b, layer, head, "TransformerTrainer.setHeadEnabled");
    if (!problem.empty()) return problem;
    trainer_->set_head_enabled(b, layer, head, enabled);
    return "";
  }

 private:
  template <typename F>
  static void visit(attn::TransformerWeights<float>& w, int index, F&& f) {
    int i = 0;
    attn::transformer_for_each_param(
        w, [&](const std::string&, const std::vector<int>&, attn::Mat& m) {
          if (i++ == index) f(m);
        });
  }

  std::unique_ptr<attn::TransformerTrainer> trainer_;
};

// The core's recommended lab settings for task 0|1|2 in trainer.js's option names (for the test
// that holds trainer.js's transformerDefaults equal to them).
val raw_transformer_lab_defaults(int task) {
  const attn::TransformerLabDefaults d =
      attn::transformer_lab_defaults(static_cast<attn::TaskKind>(task));
  const attn::TransformerTrainerConfig& c = d.config;
  val out = val::object();
  out.set("task", std::string(task_name(c.task.kind)));
  out.set("dModel", c.model.d_model);
  out.set("numHeads", c.model.n_heads);
  out.set("encoderLayers",
          c.model.kind == attn::TransformerKind::kDecoderOnly ? 0 : c.model.enc_layers);
  out.set("decoderLayers", c.model.dec_layers);
  out.set("ffDim", c.model.d_ff);
  out.set("positional",
          std::string(c.model.positional == attn::PositionalKind::kNone ? "none" : "sinusoidal"));
  out.set("batchSize", c.batch_size);
  out.set("lr", c.adam.lr);
  out.set("clip", c.adam.clip);
  out.set("decayAfter", c.adam.decay_after);
  out.set("warmup", c.adam.warmup);
  out.set("minLen", c.task.min_len);
  out.set("maxLen", c.task.max_len);
  out.set("trainSize", c.task.train_size);
  out.set("testPerLength", c.task.test_per_length);
  out.set("seed", static_cast<double>(c.task.seed));
  out.set("steps", d.steps);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(attention_core_transformer) {
  emscripten::function("_rawTransformerLabDefaults", &raw_transformer_lab_defaults);
  emscripten::class_<RawTransformerTrainer>("_RawTransformerTrainer")
      .constructor<>()
      .function("configure", &RawTransformerTrainer::configure)
      .function("trainSteps", &RawTransformerTrainer::trainSteps)
      .function("evaluate", &RawTransformerTrainer::evaluate)
      .function("testLoss", &RawTransformerTrainer::testLoss)
      .function("translate", &RawTransformerTrainer::translate)
      .function("testSize", &RawTransformerTrainer::testSize)
      .function("testExample", &RawTransformerTrainer::testExample)
      .function("info", &RawTransformerTrainer::info)
      .function("weightsChecksum", &RawTransformerTrainer::weightsChecksum)
      .function("lastBatch", &RawTransformerTrainer::lastBatch)
      .function("parameterShapes", &RawTransformerTrainer::parameterShapes)
      .function("parameter", &RawTransformerTrainer::parameter)
      .function("setParameter", &RawTransformerTrainer::setParameter)
      .function("logits", &RawTransformerTrainer::logits)
      .function("attentionMaps", &RawTransformerTrainer::attentionMaps)
      .function("blockTrace", &RawTransformerTrainer::blockTrace)
      .function("gradients", &RawTransformerTrainer::gradients)
      .function("headScores", &RawTransformerTrainer::headScores)
      .function("setHeadEnabled", &RawTransformerTrainer::setHeadEnabled);
}
