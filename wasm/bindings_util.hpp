// wasm/bindings_util.hpp — the conversions every Embind file shares (bindings.cpp for the
// lessons' module, bindings_trainer.cpp and bindings_transformer.cpp for the trainer's): JS
// {rows, cols, data} and typed arrays in and out of the WASM heap (copies, never views that
// could go stale when memory grows), string and word arrays, id arrays and the {error} result of a
// failed check. It does no math and validates nothing (the JS entry points check JS types; the
// core's check_* functions check shapes and values).
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attn/hard_attention.hpp"
#include "attn/seq2seq.hpp"
#include "attn/tasks.hpp"
#include "attn/types.hpp"

namespace attn_js {

using emscripten::typed_memory_view;
using emscripten::val;

// A Float32Array copy of n floats (slice() copies out of the heap).
inline val floats_to_js(const float* data, std::size_t n) {
  return val(typed_memory_view(n, data)).call<val>("slice");
}

// {rows, cols, data: Float32Array} copy of m.
inline val matrix_to_js(const attn::Mat& m) {
  val out = val::object();
  out.set("rows", static_cast<int>(m.rows()));
  out.set("cols", static_cast<int>(m.cols()));
  out.set("data", floats_to_js(m.data(), static_cast<std::size_t>(m.size())));
  return out;
}

// An Int32Array copy of ids.
inline val ints_to_js(const std::vector<int>& v) {
  return val(typed_memory_view(v.size(), v.data())).call<val>("slice");
}

// Int32Array (T_out): the column of each row's largest weight of an alignment (T_out, T_s), by
// the core's hard attention (ties to the first); -1 for every row when the alignment has no
// columns or holds a value hard attention does not take (NaN from a diverged model).
inline val alignment_top_to_js(const attn::Mat& alignment) {
  if (alignment.cols() == 0 || !attn::check_hard_attention(alignment, nullptr).empty())
    return ints_to_js(std::vector<int>(static_cast<std::size_t>(alignment.rows()), -1));
  attn::HardAttentionResult hard;
  attn::hard_attention(alignment, nullptr, hard);
  return ints_to_js(hard.index);
}

// {rows, cols, data: Float32Array} -> Mat. The JS side guarantees the fields and their types.
inline attn::Mat matrix_from_js(const val& m) {
  const int rows = m["rows"].as<int>();
  const int cols = m["cols"].as<int>();
  attn::Mat out(rows, cols);
  val(typed_memory_view(out.size(), out.data())).call<void>("set", m["data"]);
  return out;
}

// Float32Array -> Vec (a column vector of its length).
inline attn::Vec vector_from_js(const val& a) {
  attn::Vec out(a["length"].as<int>());
  val(typed_memory_view(out.size(), out.data())).call<void>("set", a);
  return out;
}

// Float32Array -> n floats at `dst` (the JS side checked the length).
inline void floats_from_js(const val& a, float* dst, std::size_t n) {
  val(typed_memory_view(n, dst)).call<void>("set", a);
}

// Int32Array or Array of integers -> std::vector<int> (the JS side checked the values).
inline std::vector<int> ids_from_js(const val& a) {
  return emscripten::convertJSArrayToNumberVector<int>(a);
}

inline val strings_to_js(const std::vector<std::string>& s) {
  val out = val::array();
  for (const std::string& x : s) out.call<void>("push", x);
  return out;
}

// The words of `ids` in vocabulary v ("<unk>" for an id outside it).
inline val words_to_js(const attn::Vocab& v, const std::vector<int>& ids) {
  val out = val::array();
  for (int id : ids)
    out.call<void>("push", id >= 0 && id < v.size() ? v.words[static_cast<std::size_t>(id)]
                                                    : std::string("<unk>"));
  return out;
}

// The options both trainers share (normalized by trainer.js, every field present): the task
// (kind, lengths, sizes), one seed for the data, the initialisation and the batch order, the
// batch size and Adam's rate, clipping and decay. Config is Seq2SeqTrainerConfig or
// TransformerTrainerConfig; the model's own fields are the caller's.
template <typename Config>
void read_trainer_options(const val& o, Config& c) {
  c.task.kind = static_cast<attn::TaskKind>(o["task"].as<int>());
  c.task.min_len = o["minLen"].as<int>();
  c.task.max_len = o["maxLen"].as<int>();
  c.task.train_size = o["trainSize"].as<int>();
  c.task.test_per_length = o["testPerLength"].as<int>();
  const std::uint64_t seed = static_cast<std::uint64_t>(o["seed"].as<double>());
  c.task.seed = seed;
  c.model.seed = seed;
  c.shuffle_seed = seed;
  c.batch_size = o["batchSize"].as<int>();
  c.adam.lr = o["lr"].as<float>();
  c.adam.clip = o["clip"].as<float>();
  c.adam.decay_after = o["decayAfter"].as<int>();
}

// Every word of vocabulary v, in id order.
inline val vocabulary_to_js(const attn::Vocab& v) {
  val out = val::array();
  for (const std::string& w : v.words) out.call<void>("push", w);
  return out;
}

// {loss, steps, epochs, gradNorm} of a trainer's train_steps.
inline val train_steps_to_js(float loss, int steps, int epochs, float grad_norm) {
  val out = val::object();
  out.set("loss", loss);
  out.set("steps", steps);
  out.set("epochs", epochs);
  out.set("gradNorm", grad_norm);
  return out;
}

// [{length, sentences, tokens, correct, exact, tokenAccuracy}] of an evaluation; with_loss adds
// each row's `loss`, and with_half its `half` ("first" | "repeated", induction rows).
inline val accuracy_to_js(const std::vector<attn::LengthAccuracy>& rows, bool with_loss,
                          bool with_half) {
  val out = val::array();
  for (const attn::LengthAccuracy& a : rows) {
    val row = val::object();
    row.set("length", a.length);
    if (with_half) row.set("half", std::string(a.half == 1 ? "repeated" : "first"));
    if (with_loss) row.set("loss", a.loss);
    row.set("sentences", a.sentences);
    row.set("tokens", a.tokens);
    row.set("correct", a.correct);
    row.set("exact", a.exact);
    row.set("tokenAccuracy", a.token_accuracy());
    out.call<void>("push", row);
  }
  return out;
}

inline val error_to_js(const std::string& message) {
  val out = val::object();
  out.set("error", message);
  return out;
}

}  // namespace attn_js
