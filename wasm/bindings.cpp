// wasm/bindings.cpp — the private Embind layer (`_raw*` functions) under wasm/index.js.
// Each function copies its inputs into Eigen matrices with one TypedArray.set (a prepared
// layer's self-attention forward lets JS copy into the heap itself), runs the core's check_*
// function (returning {error} instead of throwing: this build has no C++ exceptions),
// computes, and returns a plain JS object whose Float32Arrays are copies owned by JS.
// It does no validation of JS types (index.js does) and no math of its own. _rawSimd and
// _rawHeapBytes live in bindings_common.cpp, shared with the trainer module; the JS
// conversions in bindings_util.hpp, shared with the trainer's bindings.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "attn/additive.hpp"
#include "attn/attention.hpp"
#include "attn/hard_attention.hpp"
#include "attn/mask.hpp"
#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/rnn.hpp"
#include "attn/softmax.hpp"
#include "attn/statistics.hpp"
#include "bindings_util.hpp"

using emscripten::typed_memory_view;
using emscripten::val;

namespace {

using attn_js::error_to_js;
using attn_js::floats_to_js;
using attn_js::matrix_from_js;
using attn_js::matrix_to_js;
using attn_js::vector_from_js;

bool has(const val& obj, const char* key) { return !obj[key].isUndefined(); }

val raw_softmax(val x_js, float temperature) {
  const attn::Mat x = matrix_from_js(x_js);
  const std::string problem = attn::check_softmax(x, temperature);
  if (!problem.empty()) return error_to_js(problem);
  attn::Mat out;
  attn::softmax_rows_unchecked(x, temperature, out);
  return matrix_to_js(out);
}

val raw_positional_encoding(int length, int d_model) {
  const std::string problem = attn::check_positional_encoding(length, d_model);
  if (!problem.empty()) return error_to_js(problem);
  attn::Mat pe;
  attn::positional_encoding(length, d_model, pe);
  return matrix_to_js(pe);
}

// options: {causal: boolean, mask?: Matrix, scale?: number} (normalized by index.js)
val raw_attention(val q_js, val k_js, val v_js, val options) {
  const attn::Mat Q = matrix_from_js(q_js), K = matrix_from_js(k_js), V = matrix_from_js(v_js);
  attn::Mat mask;
  attn::AttentionOptions opts;
  opts.causal = options["causal"].as<bool>();
  if (has(options, "mask")) {
    mask = matrix_from_js(options["mask"]);
    opts.mask = &mask;
  }
  if (has(options, "scale")) opts.scale = options["scale"].as<float>();
  const std::string problem = attn::check_attention(Q, K, V, opts);
  if (!problem.empty()) return error_to_js(problem);
  attn::AttentionResult r;
  attn::attention(Q, K, V, opts, r);
  val out = val::object();
  out.set("scores", matrix_to_js(r.scores));
  out.set("scaled", matrix_to_js(r.scaled));
  out.set("masked", matrix_to_js(r.masked));
  out.set("weights", matrix_to_js(r.weights));
  out.set("output", matrix_to_js(r.output));
  return out;
}

// params: {Wq: Matrix, Wk: Matrix, v: Float32Array}; options: {mask?: Matrix}
val raw_additive_attention(val q_js, val k_js, val v_js, val params, val options) {
  const attn::Mat Q = matrix_from_js(q_js), K = matrix_from_js(k_js), V = matrix_from_js(v_js);
  attn::AdditiveWeights w;
  w.Wq = matrix_from_js(params["Wq"]);
  w.Wk = matrix_from_js(params["Wk"]);
  w.v = vector_from_js(params["v"]);
  attn::Mat mask;
  const attn::Mat* mask_ptr = nullptr;
  if (has(options, "mask")) {
    mask = matrix_from_js(options["mask"]);
    mask_ptr = &mask;
  }
  const std::string problem = attn::check_additive_attention(Q, K, V, w, mask_ptr);
  if (!problem.empty()) return error_to_js(problem);
  attn::AdditiveResult r;
  attn::additive_attention(Q, K, V, w, mask_ptr, r);
  val out = val::object();
  out.set("scores", matrix_to_js(r.scores));
  out.set("weights", matrix_to_js(r.weights));
  out.set("output", matrix_to_js(r.output));
  return out;
}

// Copies a {rows, cols, data} matrix into `out`, reusing its storage when the shape is unchanged.
void matrix_into(const val& m, attn::Mat& out) {
  out.resize(m["rows"].as<int>(), m["cols"].as<int>());
  val(typed_memory_view(out.size(), out.data())).call<void>("set", m["data"]);
}

// Float32Array -> RowVec, reusing storage.
void row_vector_into(const val& a, attn::RowVec& out) {
  out.resize(a["length"].as<int>());
  val(typed_memory_view(out.size(), out.data())).call<void>("set", a);
}

// options: {causal: boolean, mask?: Matrix, keyPaddingMask?: Uint8Array} (normalized by
// index.js) into opts, with the mask and the padding kept in the given reusable storage.
void read_multi_head_options(const val& options, attn::Mat& mask,
                             std::vector<std::uint8_t>& padding, attn::MultiHeadOptions& opts) {
  opts = attn::MultiHeadOptions();
  opts.causal = options["causal"].as<bool>();
  if (has(options, "mask")) {
    matrix_into(options["mask"], mask);
    opts.mask = &mask;
  }
  if (has(options, "keyPaddingMask")) {
    const val kpm = options["keyPaddingMask"];
    padding.resize(kpm["length"].as<size_t>());
    val(typed_memory_view(padding.size(), padding.data())).call<void>("set", kpm);
    opts.key_padding = padding.data();
    opts.key_padding_size = static_cast<long>(padding.size());
  }
}

// params: {numHeads, inProjWeight, inProjBias?, outProjWeight, outProjBias?} into reusable storage.
void read_multi_head_params(const val& params, attn::MultiHeadConfig& config,
                            attn::MultiHeadWeights& w) {
  config.n_heads = params["numHeads"].as<int>();
  matrix_into(params["inProjWeight"], w.in_proj_weight);
  matrix_into(params["outProjWeight"], w.out_proj_weight);
  if (has(params, "inProjBias")) {
    row_vector_into(params["inProjBias"], w.in_proj_bias);
  } else {
    w.in_proj_bias.resize(0);
  }
  if (has(params, "outProjBias")) {
    row_vector_into(params["outProjBias"], w.out_proj_bias);
  } else {
    w.out_proj_bias.resize(0);
  }
}

// The arguments of multiHeadAttention and multiHeadAttentionOutput, read into reusable storage.
struct MultiHeadCall {
  attn::Mat query, key, value;        // query: (T_q, E), key and value: (T_k, E)
  attn::Mat mask;                     // mask: (T_q, T_k), used when options.mask is set
  std::vector<std::uint8_t> padding;  // padding: (T_k), used when options.keyPaddingMask is set
  attn::MultiHeadConfig config;
  attn::MultiHeadWeights w;
  attn::MultiHeadOptions opts;
};

// params: {numHeads, inProjWeight, inProjBias?, outProjWeight, outProjBias?};
// options: {causal: boolean, mask?: Matrix, keyPaddingMask?: Uint8Array} (normalized by index.js)
void read_multi_head_call(const val& query_js, const val& key_js, const val& value_js,
                          const val& params, const val& options, MultiHeadCall& c) {
  matrix_into(query_js, c.query);
  matrix_into(key_js, c.key);
  matrix_into(value_js, c.value);
  read_multi_head_params(params, c.config, c.w);
  read_multi_head_options(options, c.mask, c.padding, c.opts);
}

val raw_multi_head_attention(val query_js, val key_js, val value_js, val params, val options) {
  MultiHeadCall c;
  read_multi_head_call(query_js, key_js, value_js, params, options, c);
  const std::string problem =
      attn::check_multi_head_attention(c.query, c.key, c.value, c.config, c.w, c.opts);
  if (!problem.empty()) return error_to_js(problem);
  attn::MultiHeadResult r;
  attn::multi_head_attention(c.query, c.key, c.value, c.config, c.w, c.opts, r);
  val heads = val::array();
  for (const attn::HeadResult& h : r.heads) {
    val head = val::object();
    head.set("q", matrix_to_js(h.q));
    head.set("k", matrix_to_js(h.k));
    head.set("v", matrix_to_js(h.v));
    head.set("weights", matrix_to_js(h.weights));
    head.set("output", matrix_to_js(h.output));
    heads.call<void>("push", head);
  }
  val out = val::object();
  out.set("heads", heads);
  out.set("concat", matrix_to_js(r.concat));
  out.set("output", matrix_to_js(r.output));
  out.set("averageWeights", matrix_to_js(r.average_weights));
  return out;
}

// The fast path (multiHeadAttentionOutput): the same arguments as raw_multi_head_attention,
// only the output returned. Inputs, weights and scratch live in one static workspace, so
// repeated calls at one size allocate nothing in the WASM heap (tests/wasm/perf-*.test.mjs).
val raw_multi_head_attention_output(val query_js, val key_js, val value_js, val params,
                                    val options) {
  static MultiHeadCall c;
  static attn::MultiHeadWorkspace ws;
  static attn::Mat output;
  read_multi_head_call(query_js, key_js, value_js, params, options, c);
  const std::string problem = attn::check_multi_head_attention(
      c.query, c.key, c.value, c.config, c.w, c.opts, "multiHeadAttentionOutput");
  if (!problem.empty()) return error_to_js(problem);
  attn::multi_head_attention_output_unchecked(c.query, c.key, c.value, c.config, c.w, c.opts, ws,
                                              output);
  return matrix_to_js(output);
}

// One prepared multi-head attention layer (MultiHeadAttention in index.js): configure() checks
// and packs the parameters once, forward() runs one sequence against them. The inputs, the
// workspace and the output are members reused from call to call, so repeated forwards at one
// size allocate nothing. JS owns the handle until it calls delete().
class RawMultiHeadLayer {
 public:
  // params as for multiHeadAttention. Returns "" or the core's message; forward() may be
  // called only after "".
  std::string configure(val params) {
    attn::MultiHeadConfig config;
    attn::MultiHeadWeights w;
    read_multi_head_params(params, config, w);
    const std::string problem = attn::check_prepare_multi_head(config, w);
    if (!problem.empty()) return problem;
    attn::prepare_multi_head(config, w, prepared_);
    return "";
  }

  // query: (T_q, E), key and value: (T_k, E); options as for multiHeadAttention. index.js
  // passes the very same object for key (value) when the caller did: then it is copied once.
  val forward(val query_js, val key_js, val value_js, val options) {
    matrix_into(query_js, query_);
    const bool key_is_query = key_js.strictlyEquals(query_js);
    const bool value_is_key = value_js.strictlyEquals(key_js);
    if (!key_is_query) matrix_into(key_js, key_);
    const attn::Mat& key = key_is_query ? query_ : key_;
    if (!value_is_key) matrix_into(value_js, value_);
    const attn::Mat& value = value_is_key ? key : value_;
    read_multi_head_options(options, mask_, padding_, opts_);
    const std::string problem =
        attn::check_multi_head_forward(query_, key, value, prepared_, opts_);
    if (!problem.empty()) return error_to_js(problem);
    attn::multi_head_forward_unchecked(query_, key, value, prepared_, opts_, ws_, output_);
    return matrix_to_js(output_);
  }

  // The self-attention fast path of forward() (index.js takes it when key and value are the
  // query and there is no mask and no padding), free of Embind values, whose every property
  // read is a JS round trip: JS copies the (rows, cols) query straight into the heap at the
  // address selfInput() returns, then forwardSelf() checks and runs it and returns the address
  // of the (rows, E) output, or 0 when a check failed (the message is then lastError()).
  std::uintptr_t selfInput(int rows, int cols) {
    query_.resize(rows, cols);
    return reinterpret_cast<std::uintptr_t>(query_.data());
  }
  std::uintptr_t forwardSelf(bool causal) {
    opts_ = attn::MultiHeadOptions();
    opts_.causal = causal;
    error_ = attn::check_multi_head_forward(query_, query_, query_, prepared_, opts_);
    if (!error_.empty()) return 0;
    attn::multi_head_forward_unchecked(query_, query_, query_, prepared_, opts_, ws_, output_);
    return reinterpret_cast<std::uintptr_t>(output_.data());
  }
  std::string lastError() const { return error_; }

  int numHeads() const { return prepared_.config.n_heads; }
  int embedDim() const { return static_cast<int>(prepared_.E); }

 private:
  attn::PreparedMultiHead prepared_;
  attn::Mat query_, key_, value_;      // query_: (T_q, E), key_ and value_: (T_k, E)
  attn::Mat mask_;                     // mask_: (T_q, T_k) when options.mask is set
  std::vector<std::uint8_t> padding_;  // padding_: (T_k) when options.keyPaddingMask is set
  attn::MultiHeadOptions opts_;
  attn::MultiHeadWorkspace ws_;
  attn::Mat output_;   // output_: (T_q, E)
  std::string error_;  // the failed check of the last forwardSelf()
};

// params: {Wx: Matrix, Wh: Matrix, b: Float32Array}
val raw_rnn_encoder(val x_js, val params) {
  const attn::Mat x = matrix_from_js(x_js);
  attn::RnnWeights w;
  w.Wx = matrix_from_js(params["Wx"]);
  w.Wh = matrix_from_js(params["Wh"]);
  w.b = vector_from_js(params["b"]);
  const std::string problem = attn::check_rnn_encoder(x, w);
  if (!problem.empty()) return error_to_js(problem);
  attn::RnnResult r;
  attn::rnn_encoder(x, w, r);
  val out = val::object();
  out.set("states", matrix_to_js(r.states));
  out.set("influence", floats_to_js(r.influence.data(), static_cast<size_t>(r.influence.size())));
  out.set("firstToLast", r.first_to_last);
  return out;
}

// --- the lessons' own math (issue 13, item 4): masks, X + PE, hard attention, statistics ------

val raw_causal_mask(int T) {
  const std::string problem = attn::check_causal_mask(T);
  if (!problem.empty()) return error_to_js(problem);
  attn::CausalMask m;
  attn::build_causal_mask(T, m);
  val out = val::object();
  out.set("mask", matrix_to_js(m.mask));
  out.set("additive", matrix_to_js(m.additive));
  return out;
}

// lengths: Int32Array (normalized by index.js)
val raw_padding_mask(val lengths_js, int T) {
  std::vector<int> lengths(lengths_js["length"].as<size_t>());
  val(typed_memory_view(lengths.size(), lengths.data())).call<void>("set", lengths_js);
  const std::string problem = attn::check_padding_mask(lengths, T);
  if (!problem.empty()) return error_to_js(problem);
  attn::PaddingMask m;
  attn::build_padding_mask(lengths, T, m);
  // One Uint8Array per batch item: row b of key_padding, as options.keyPaddingMask takes it.
  val rows = val::array();
  for (size_t b = 0; b < lengths.size(); ++b)
    rows.call<void>("push",
                    val(typed_memory_view(static_cast<size_t>(T),
                                          m.key_padding.data() + b * static_cast<size_t>(T)))
                        .call<val>("slice"));
  val out = val::object();
  out.set("keyPaddingMask", rows);
  out.set("additive", matrix_to_js(m.additive));
  return out;
}

val raw_add_positional_encoding(val x_js) {
  const attn::Mat X = matrix_from_js(x_js);
  const std::string problem = attn::check_add_positional_encoding(X);
  if (!problem.empty()) return error_to_js(problem);
  attn::PositionalInput r;
  attn::add_positional_encoding(X, r);
  val out = val::object();
  out.set("pe", matrix_to_js(r.pe));
  out.set("sum", matrix_to_js(r.sum));
  return out;
}

// v_js: a Matrix or undefined (normalized by index.js)
val raw_hard_attention(val scores_js, val v_js) {
  const attn::Mat scores = matrix_from_js(scores_js);
  attn::Mat V;
  const bool with_v = !v_js.isUndefined();
  if (with_v) V = matrix_from_js(v_js);
  const attn::Mat* v_ptr = with_v ? &V : nullptr;
  const std::string problem = attn::check_hard_attention(scores, v_ptr);
  if (!problem.empty()) return error_to_js(problem);
  attn::HardAttentionResult r;
  attn::hard_attention(scores, v_ptr, r);
  val out = val::object();
  out.set("index", val(typed_memory_view(r.index.size(), r.index.data())).call<val>("slice"));
  out.set("weights", matrix_to_js(r.weights));
  if (with_v) out.set("output", matrix_to_js(r.output));
  return out;
}

val score_summary_to_js(const attn::ScoreSummary& s) {
  val out = val::object();
  out.set("mean", s.mean);
  out.set("std", s.sd);
  out.set("min", s.min);
  out.set("max", s.max);
  out.set("counts", val(typed_memory_view(s.counts.size(), s.counts.data())).call<val>("slice"));
  return out;
}

// options: {scale?: number, bins?: integer, minRange?: number} (normalized by index.js)
val raw_score_statistics(val q_js, val k_js, val options) {
  const attn::Mat Q = matrix_from_js(q_js), K = matrix_from_js(k_js);
  attn::ScoreStatisticsOptions opts;
  if (has(options, "scale")) opts.scale = options["scale"].as<float>();
  if (has(options, "bins")) opts.bins = options["bins"].as<int>();
  if (has(options, "minRange")) opts.min_range = options["minRange"].as<float>();
  const std::string problem = attn::check_score_statistics(Q, K, opts);
  if (!problem.empty()) return error_to_js(problem);
  attn::ScoreStatistics r;
  attn::score_statistics(Q, K, opts, r);
  val max_weight = val::object();
  max_weight.set("mean", r.mean_max_weight);
  max_weight.set("max", r.max_max_weight);
  val out = val::object();
  out.set("scale", r.scale);
  out.set("sqrtDk", r.sqrt_dk);
  out.set("range", r.range);
  out.set("edges", floats_to_js(r.edges.data(), static_cast<size_t>(r.edges.size())));
  out.set("centers", floats_to_js(r.centers.data(), static_cast<size_t>(r.centers.size())));
  out.set("raw", score_summary_to_js(r.raw));
  out.set("scaled", score_summary_to_js(r.scaled));
  out.set("maxWeight", max_weight);
  return out;
}

val raw_compare_matrices(val a_js, val b_js) {
  const attn::Mat A = matrix_from_js(a_js), B = matrix_from_js(b_js);
  const std::string problem = attn::check_compare_matrices(A, B);
  if (!problem.empty()) return error_to_js(problem);
  attn::Comparison r;
  attn::compare_matrices(A, B, r);
  val out = val::object();
  out.set("difference", matrix_to_js(r.difference));
  out.set("maxAbs", r.max_abs);
  out.set("row", r.row);
  out.set("col", r.col);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(attention_core) {
  emscripten::function("_rawSoftmax", &raw_softmax);
  emscripten::function("_rawPositionalEncoding", &raw_positional_encoding);
  emscripten::function("_rawAttention", &raw_attention);
  emscripten::function("_rawAdditiveAttention", &raw_additive_attention);
  emscripten::function("_rawMultiHeadAttention", &raw_multi_head_attention);
  emscripten::function("_rawMultiHeadAttentionOutput", &raw_multi_head_attention_output);
  emscripten::function("_rawRnnEncoder", &raw_rnn_encoder);
  emscripten::function("_rawCausalMask", &raw_causal_mask);
  emscripten::function("_rawPaddingMask", &raw_padding_mask);
  emscripten::function("_rawAddPositionalEncoding", &raw_add_positional_encoding);
  emscripten::function("_rawHardAttention", &raw_hard_attention);
  emscripten::function("_rawScoreStatistics", &raw_score_statistics);
  emscripten::function("_rawCompareMatrices", &raw_compare_matrices);
  emscripten::class_<RawMultiHeadLayer>("_RawMultiHeadLayer")
      .constructor<>()
      .function("configure", &RawMultiHeadLayer::configure)
      .function("forward", &RawMultiHeadLayer::forward)
      .function("selfInput", &RawMultiHeadLayer::selfInput)
      .function("forwardSelf", &RawMultiHeadLayer::forwardSelf)
      .function("lastError", &RawMultiHeadLayer::lastError)
      .function("numHeads", &RawMultiHeadLayer::numHeads)
      .function("embedDim", &RawMultiHeadLayer::embedDim);
}
