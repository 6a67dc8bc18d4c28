// tests/native/attn_dump.cpp — runs the native core on calls read as JSON from stdin and
// prints the results as JSON, so tests/wasm/native-agreement.test.mjs can check that the
// WASM module and the native build agree within 1e-5 on identical inputs.
// Input:  [{"fn": "attention" | "softmax" | "additiveAttention" | "multiHeadAttention" |
//           "positionalEncoding" | "rnnEncoder", "args": {…the JS API's argument names…}}]
// Output: [{…the JS API's result fields…}] with matrices as {rows, cols, data}.
// Test support only: no validation beyond the core's own.
#include <cstdint>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "attn/additive.hpp"
#include "attn/attention.hpp"
#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/rnn.hpp"
#include "attn/softmax.hpp"

using json = nlohmann::json;
using attn::Mat;
using attn::Vec;

namespace {

float to_float(const json& v) {
  if (v.is_string()) return -std::numeric_limits<float>::infinity();  // "-Infinity"
  return static_cast<float>(v.get<double>());
}

Mat to_mat(const json& j) {
  Mat m(j.at("rows").get<int>(), j.at("cols").get<int>());
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = to_float(j["data"][static_cast<size_t>(i)]);
  return m;
}

Vec to_vec(const json& j) {
  Vec v(static_cast<Eigen::Index>(j.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = to_float(j[static_cast<size_t>(i)]);
  return v;
}

json from_mat(const Mat& m) {
  json data = json::array();
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    const float x = m.data()[i];
    data.push_back(x == -std::numeric_limits<float>::infinity() ? json("-Infinity") : json(x));
  }
  return {{"rows", m.rows()}, {"cols", m.cols()}, {"data", data}};
}

json run(const json& call) {
  const std::string fn = call.at("fn");
  const json& a = call.at("args");
  if (fn == "softmax") {
    Mat out;
    attn::softmax_rows(to_mat(a["x"]), a.value("temperature", 1.0f), out);
    return from_mat(out);
  }
  if (fn == "positionalEncoding") {
    Mat pe;
    attn::positional_encoding(a["length"].get<int>(), a["dModel"].get<int>(), pe);
    return from_mat(pe);
  }
  if (fn == "attention") {
    attn::AttentionOptions o;
    o.causal = a.value("causal", false);
    Mat mask;
    if (a.contains("mask")) {
      mask = to_mat(a["mask"]);
      o.mask = &mask;
    }
    if (a.contains("scale")) o.scale = a["scale"].get<float>();
    attn::AttentionResult r;
    attn::attention(to_mat(a["Q"]), to_mat(a["K"]), to_mat(a["V"]), o, r);
    return {{"scores", from_mat(r.scores)},
            {"scaled", from_mat(r.scaled)},
            {"masked", from_mat(r.masked)},
            {"weights", from_mat(r.weights)},
            {"output", from_mat(r.output)}};
  }
  if (fn == "additiveAttention") {
    attn::AdditiveWeights w{to_mat(a["Wq"]), to_mat(a["Wk"]), to_vec(a["v"])};
    Mat mask;
    if (a.contains("mask")) mask = to_mat(a["mask"]);
    attn::AdditiveResult r;
    attn::additive_attention(to_mat(a["Q"]), to_mat(a["K"]), to_mat(a["V"]), w,
                             a.contains("mask") ? &mask : nullptr, r);
    return {{"scores", from_mat(r.scores)},
            {"weights", from_mat(r.weights)},
            {"output", from_mat(r.output)}};
  }
  if (fn == "multiHeadAttention") {
    attn::MultiHeadWeights w;
    w.in_proj_weight = to_mat(a["inProjWeight"]);
    w.out_proj_weight = to_mat(a["outProjWeight"]);
    if (a.contains("inProjBias")) w.in_proj_bias = to_vec(a["inProjBias"]).transpose();
    if (a.contains("outProjBias")) w.out_proj_bias = to_vec(a["outProjBias"]).transpose();
    attn::MultiHeadOptions o;
    o.causal = a.value("causal", false);
    Mat mask;
    if (a.contains("mask")) {
      mask = to_mat(a["mask"]);
      o.mask = &mask;
    }
    std::vector<std::uint8_t> kpm;
    if (a.contains("keyPaddingMask")) {
      for (const json& b : a["keyPaddingMask"]) kpm.push_back(b.get<std::uint8_t>());
      o.key_padding = kpm.data();
      o.key_padding_size = static_cast<long>(kpm.size());
    }
    attn::MultiHeadResult r;
    attn::multi_head_attention(to_mat(a["query"]), to_mat(a["key"]), to_mat(a["value"]),
                               {a["numHeads"].get<int>()}, w, o, r);
    json heads = json::array();
    for (const attn::HeadResult& h : r.heads)
      heads.push_back({{"q", from_mat(h.q)},
                       {"k", from_mat(h.k)},
                       {"v", from_mat(h.v)},
                       {"weights", from_mat(h.weights)},
                       {"output", from_mat(h.output)}});
    return {{"heads", heads},
            {"concat", from_mat(r.concat)},
            {"output", from_mat(r.output)},
            {"averageWeights", from_mat(r.average_weights)}};
  }
  if (fn == "rnnEncoder") {
    attn::RnnWeights w{to_mat(a["Wx"]), to_mat(a["Wh"]), to_vec(a["b"])};
    attn::RnnResult r;
    attn::rnn_encoder(to_mat(a["x"]), w, r);
    json influence = json::array();
    for (Eigen::Index i = 0; i < r.influence.size(); ++i) influence.push_back(r.influence(i));
    return {{"states", from_mat(r.states)}, {"influence", influence}};
  }
  throw std::runtime_error("attn_dump: unknown fn " + fn);
}

}  // namespace

int main() {
  try {
    const json calls = json::parse(std::cin);
    json out = json::array();
    for (const json& call : calls) out.push_back(run(call));
    std::cout << out.dump() << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}
