// tests/core/test_golden.cpp — every core function against PyTorch's values
// (tests/fixtures/golden.json, from scripts/make_goldens.py): softmax, scaled dot-product
// attention with every intermediate, additive attention, nn.MultiheadAttention (output,
// averaged and per-head weights), sinusoidal PE and the RNN encoder with its influence.
#include <gtest/gtest.h>

#include "attn/additive.hpp"
#include "attn/attention.hpp"
#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/rnn.hpp"
#include "attn/softmax.hpp"
#include "fixtures.hpp"

using namespace attn;
using namespace attn_test;

TEST(Golden, FixturesCoverEveryKind) {
  for (const char* kind : {"softmax", "attention", "additive", "multihead", "positional", "rnn"})
    EXPECT_GE(cases_of(kind).size(), 2u) << kind;
}

TEST(Golden, Softmax) {
  for (const json& c : cases_of("softmax")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    Mat out;
    softmax_rows(json_matrix(c["inputs"]["x"]), c["inputs"]["temperature"].get<float>(), out);
    EXPECT_TRUE(all_close(out, json_matrix(c["expected"]["output"])));
  }
}

TEST(Golden, ScaledDotProductAttention) {
  for (const json& c : cases_of("attention")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const json& in = c["inputs"];
    AttentionOptions opts;
    opts.causal = in.value("causal", false);
    Mat mask;
    if (in.contains("mask")) {
      mask = json_matrix(in["mask"]);
      opts.mask = &mask;
    }
    if (in.contains("scale")) opts.scale = in["scale"].get<float>();
    AttentionResult r;
    attention(json_matrix(in["Q"]), json_matrix(in["K"]), json_matrix(in["V"]), opts, r);
    const json& ex = c["expected"];
    EXPECT_TRUE(all_close(r.scores, json_matrix(ex["scores"]))) << "scores";
    EXPECT_TRUE(all_close(r.scaled, json_matrix(ex["scaled"]))) << "scaled";
    EXPECT_TRUE(all_close(r.masked, json_matrix(ex["masked"]))) << "masked";
    EXPECT_TRUE(all_close(r.weights, json_matrix(ex["weights"]))) << "weights";
    EXPECT_TRUE(all_close(r.output, json_matrix(ex["output"]))) << "output";
  }
}

TEST(Golden, AdditiveAttention) {
  for (const json& c : cases_of("additive")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const json& in = c["inputs"];
    AdditiveWeights w{json_matrix(in["Wq"]), json_matrix(in["Wk"]), json_vector(in["v"])};
    Mat mask;
    if (in.contains("mask")) mask = json_matrix(in["mask"]);
    AdditiveResult r;
    additive_attention(json_matrix(in["Q"]), json_matrix(in["K"]), json_matrix(in["V"]), w,
                       in.contains("mask") ? &mask : nullptr, r);
    EXPECT_TRUE(all_close(r.scores, json_matrix(c["expected"]["scores"]))) << "scores";
    EXPECT_TRUE(all_close(r.weights, json_matrix(c["expected"]["weights"]))) << "weights";
    EXPECT_TRUE(all_close(r.output, json_matrix(c["expected"]["output"]))) << "output";
  }
}

TEST(Golden, MultiHeadAttentionMatchesTorch) {
  for (const json& c : cases_of("multihead")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const json& in = c["inputs"];
    MultiHeadConfig config{in["numHeads"].get<int>()};
    MultiHeadWeights w;
    w.in_proj_weight = json_matrix(in["inProjWeight"]);
    w.out_proj_weight = json_matrix(in["outProjWeight"]);
    if (in.contains("inProjBias")) w.in_proj_bias = json_vector(in["inProjBias"]).transpose();
    if (in.contains("outProjBias")) w.out_proj_bias = json_vector(in["outProjBias"]).transpose();
    MultiHeadOptions opts;
    opts.causal = in.value("causal", false);
    Mat mask;
    if (in.contains("mask")) {
      mask = json_matrix(in["mask"]);
      opts.mask = &mask;
    }
    std::vector<std::uint8_t> kpm;
    if (in.contains("keyPaddingMask")) {
      for (const json& b : in["keyPaddingMask"]) kpm.push_back(b.get<std::uint8_t>());
      opts.key_padding = kpm.data();
      opts.key_padding_size = static_cast<long>(kpm.size());
    }
    MultiHeadResult r;
    multi_head_attention(json_matrix(in["query"]), json_matrix(in["key"]), json_matrix(in["value"]),
                         config, w, opts, r);
    EXPECT_TRUE(all_close(r.output, json_matrix(c["expected"]["output"]))) << "output";
    EXPECT_TRUE(all_close(r.average_weights, json_matrix(c["expected"]["averageWeights"])))
        << "averageWeights";
    const json& heads = c["expected"]["headWeights"];
    ASSERT_EQ(r.heads.size(), heads.size());
    for (size_t h = 0; h < heads.size(); ++h)
      EXPECT_TRUE(all_close(r.heads[h].weights, json_matrix(heads[h]))) << "head " << h;
  }
}

TEST(Golden, PositionalEncoding) {
  for (const json& c : cases_of("positional")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    Mat pe;
    positional_encoding(c["inputs"]["length"].get<int>(), c["inputs"]["dModel"].get<int>(), pe);
    // Computed in double and rounded once on both sides: equal to within one float ulp.
    EXPECT_TRUE(all_close(pe, json_matrix(c["expected"]["output"]), 1e-7f, 1.2e-7f));
  }
}

TEST(Golden, RnnEncoderStatesAndInfluence) {
  for (const json& c : cases_of("rnn")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const json& in = c["inputs"];
    RnnWeights w{json_matrix(in["Wx"]), json_matrix(in["Wh"]), json_vector(in["b"])};
    RnnResult r;
    rnn_encoder(json_matrix(in["x"]), w, r);
    EXPECT_TRUE(all_close(r.states, json_matrix(c["expected"]["states"]), 1e-5f, 1e-5f));
    const Vec influence = json_vector(c["expected"]["influence"]);
    EXPECT_TRUE(all_close(r.influence.transpose(), influence.transpose(), 1e-5f, 1e-4f));
  }
}
