// tests/core/test_validation.cpp — every public function rejects bad arguments with an
// attn::Error whose message names the function, the argument and the shapes; the same
// message comes from the check_* function the WASM bindings call. No math is checked here.
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "attn/additive.hpp"
#include "attn/attention.hpp"
#include "attn/multihead.hpp"
#include "attn/positional.hpp"
#include "attn/rnn.hpp"
#include "attn/softmax.hpp"
#include "random.hpp"

using namespace attn;
using namespace attn_test;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Runs `call`, expects attn::Error, and checks every fragment is in the message.
void expect_error(const std::function<void()>& call, const std::vector<std::string>& fragments) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one containing \"" << fragments.front() << "\"";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const std::string& f : fragments)
      EXPECT_NE(msg.find(f), std::string::npos)
          << "message \"" << msg << "\" lacks \"" << f << "\"";
  }
}

Mat with(Mat m, long i, long j, float v) {
  m(i, j) = v;
  return m;
}

}  // namespace

TEST(Validation, Softmax) {
  Mat out;
  expect_error([&] { softmax_rows(Mat(0, 3), 1.0f, out); }, {"softmax: x", "(0, 3)"});
  expect_error([&] { softmax_rows(Mat::Zero(2, 3), 0.0f, out); }, {"softmax: temperature", "> 0"});
  expect_error([&] { softmax_rows(Mat::Zero(2, 3), -1.0f, out); }, {"softmax: temperature"});
  expect_error([&] { softmax_rows(Mat::Zero(2, 3), kNaN, out); }, {"softmax: temperature", "NaN"});
  expect_error([&] { softmax_rows(Mat::Zero(2, 3), kInf, out); }, {"softmax: temperature"});
  expect_error([&] { softmax_rows(with(Mat::Zero(2, 3), 1, 2, kNaN), 1.0f, out); },
               {"softmax: x", "(2, 3)", "NaN", "(1, 2)"});
  expect_error([&] { softmax_rows(with(Mat::Zero(2, 3), 0, 0, kInf), 1.0f, out); },
               {"softmax: x", "Infinity"});
  expect_error([&] { softmax_rows(Mat::Zero(kMaxTokens + 1, 2), 1.0f, out); },
               {"softmax: x", "over the limit"});
  // -inf alone is a valid (blocked) input.
  EXPECT_NO_THROW(softmax_rows(with(Mat::Zero(2, 3), 0, 0, -kInf), 1.0f, out));
  EXPECT_NO_THROW(softmax_rows(Mat::Zero(2, 3), 1e30f, out));  // huge temperature: uniform
}

TEST(Validation, Attention) {
  Rng rng(11);
  const Mat Q = rng.matrix(2, 4), K = rng.matrix(5, 4), V = rng.matrix(5, 3);
  AttentionResult r;
  expect_error([&] { attention(Q, rng.matrix(5, 3), V, {}, r); },
               {"attention: K", "Q: (2, 4)", "K: (5, 3)"});
  expect_error([&] { attention(Q, K, rng.matrix(4, 3), {}, r); },
               {"attention: V", "K: (5, 4)", "V: (4, 3)"});
  expect_error([&] { attention(Mat(0, 4), K, V, {}, r); }, {"attention: Q", "(0, 4)"});
  expect_error([&] { attention(Q, K, with(V, 4, 2, kInf), {}, r); },
               {"attention: V", "(5, 3)", "Infinity", "(4, 2)"});
  expect_error([&] { attention(with(Q, 0, 0, kNaN), K, V, {}, r); }, {"attention: Q", "NaN"});
  Mat bad_mask = Mat::Zero(5, 2);
  AttentionOptions o;
  o.mask = &bad_mask;
  expect_error([&] { attention(Q, K, V, o, r); }, {"attention: mask", "(5, 2)", "(2, 5)"});
  Mat nan_mask = with(Mat::Zero(2, 5), 1, 1, kNaN);
  o.mask = &nan_mask;
  expect_error([&] { attention(Q, K, V, o, r); }, {"attention: mask", "non-finite"});
  AttentionOptions s;
  s.scale = kNaN;
  expect_error([&] { attention(Q, K, V, s, r); }, {"attention: scale", "NaN"});
  expect_error(
      [&] { attention(Q, rng.matrix(kMaxTokens + 1, 4), rng.matrix(kMaxTokens + 1, 1), {}, r); },
      {"attention: K", "over the limit"});
}

TEST(Validation, AdditiveAttention) {
  Rng rng(12);
  const Mat Q = rng.matrix(2, 4), K = rng.matrix(5, 3), V = rng.matrix(5, 2);
  AdditiveWeights w{rng.matrix(6, 4), rng.matrix(6, 3), Vec(rng.matrix(6, 1))};
  AdditiveResult r;
  EXPECT_NO_THROW(additive_attention(Q, K, V, w, nullptr, r));
  AdditiveWeights bad = w;
  bad.Wq = rng.matrix(6, 3);
  expect_error([&] { additive_attention(Q, K, V, bad, nullptr, r); },
               {"additiveAttention: params.Wq", "(6, 3)", "(h, d_q)", "Q: (2, 4)"});
  bad = w;
  bad.Wk = rng.matrix(6, 4);
  expect_error([&] { additive_attention(Q, K, V, bad, nullptr, r); },
               {"additiveAttention: params.Wk", "(6, 4)", "K: (5, 3)"});
  bad = w;
  bad.Wk = rng.matrix(7, 3);
  expect_error([&] { additive_attention(Q, K, V, bad, nullptr, r); },
               {"additiveAttention: params.Wk has 7 rows", "Wq: (6, 4)"});
  bad = w;
  bad.v = Vec::Zero(5);
  expect_error([&] { additive_attention(Q, K, V, bad, nullptr, r); },
               {"additiveAttention: params.v", "length 5", "6"});
  bad = w;
  bad.v(2) = kNaN;
  expect_error([&] { additive_attention(Q, K, V, bad, nullptr, r); },
               {"additiveAttention: params.v", "NaN"});
  expect_error([&] { additive_attention(Q, K, rng.matrix(4, 2), w, nullptr, r); },
               {"additiveAttention: V", "(4, 2)"});
  Mat mask = Mat::Zero(2, 4);
  expect_error([&] { additive_attention(Q, K, V, w, &mask, r); },
               {"additiveAttention: mask", "(2, 4)", "(2, 5)"});
}

TEST(Validation, MultiHeadAttention) {
  Rng rng(13);
  const long E = 10;
  const Mat x = rng.matrix(3, E);
  MultiHeadWeights w{rng.matrix(3 * E, E), rng.matrix(1, 3 * E), rng.matrix(E, E),
                     rng.matrix(1, E)};
  MultiHeadResult r;
  EXPECT_NO_THROW(multi_head_attention(x, x, x, {5}, w, {}, r));
  expect_error([&] { multi_head_attention(x, x, x, {4}, w, {}, r); },
               {"multiHeadAttention: embed dim 10 is not divisible by numHeads 4"});
  expect_error([&] { multi_head_attention(x, x, x, {0}, w, {}, r); },
               {"multiHeadAttention: numHeads", "got 0"});
  expect_error([&] { multi_head_attention(x, x, x, {-2}, w, {}, r); },
               {"multiHeadAttention: numHeads"});
  expect_error([&] { multi_head_attention(x, rng.matrix(3, 8), x, {5}, w, {}, r); },
               {"multiHeadAttention: query, key and value", "key: (3, 8)"});
  expect_error([&] { multi_head_attention(x, x, rng.matrix(4, E), {5}, w, {}, r); },
               {"multiHeadAttention: value has 4 rows", "key: (3, 10)"});
  MultiHeadWeights bad = w;
  bad.in_proj_weight = rng.matrix(2 * E, E);
  expect_error([&] { multi_head_attention(x, x, x, {5}, bad, {}, r); },
               {"multiHeadAttention: params.inProjWeight", "(20, 10)", "(30, 10)"});
  bad = w;
  bad.out_proj_weight = rng.matrix(E, E + 1);
  expect_error([&] { multi_head_attention(x, x, x, {5}, bad, {}, r); },
               {"multiHeadAttention: params.outProjWeight", "(10, 11)"});
  bad = w;
  bad.in_proj_bias = rng.matrix(1, E);
  expect_error([&] { multi_head_attention(x, x, x, {5}, bad, {}, r); },
               {"multiHeadAttention: params.inProjBias", "length 10", "30"});
  bad = w;
  bad.out_proj_bias(3) = kInf;
  expect_error([&] { multi_head_attention(x, x, x, {5}, bad, {}, r); },
               {"multiHeadAttention: params.outProjBias", "Infinity"});
  bad = w;
  bad.in_proj_weight(7, 2) = kNaN;
  expect_error([&] { multi_head_attention(x, x, x, {5}, bad, {}, r); },
               {"multiHeadAttention: params.inProjWeight", "NaN", "(7, 2)"});
  std::vector<std::uint8_t> kpm(4, 0);
  MultiHeadOptions o;
  o.key_padding = kpm.data();
  o.key_padding_size = 4;
  expect_error([&] { multi_head_attention(x, x, x, {5}, w, o, r); },
               {"multiHeadAttention: keyPaddingMask has length 4", "T_k = 3"});
  Mat mask = Mat::Zero(3, 4);
  MultiHeadOptions om;
  om.mask = &mask;
  expect_error([&] { multi_head_attention(x, x, x, {5}, w, om, r); },
               {"multiHeadAttention: mask", "(3, 4)", "(3, 3)"});
}

TEST(Validation, PositionalEncoding) {
  Mat pe;
  expect_error([&] { positional_encoding(0, 4, pe); }, {"positionalEncoding: length", "got 0"});
  expect_error([&] { positional_encoding(-3, 4, pe); }, {"positionalEncoding: length"});
  expect_error([&] { positional_encoding(4, 0, pe); }, {"positionalEncoding: dModel", "got 0"});
  expect_error([&] { positional_encoding(kMaxTokens + 1, 4, pe); }, {"positionalEncoding: length"});
  expect_error([&] { positional_encoding(4, kMaxWidth + 1, pe); }, {"positionalEncoding: dModel"});
}

TEST(Validation, RnnEncoder) {
  Rng rng(14);
  RnnWeights w{rng.matrix(4, 3), rng.matrix(4, 4), Vec(rng.matrix(4, 1))};
  RnnResult r;
  EXPECT_NO_THROW(rnn_encoder(rng.matrix(5, 3), w, r));
  expect_error([&] { rnn_encoder(rng.matrix(5, 2), w, r); },
               {"rnnEncoder: params.Wx", "(4, 3)", "x: (5, 2)"});
  RnnWeights bad = w;
  bad.Wh = rng.matrix(4, 3);
  expect_error([&] { rnn_encoder(rng.matrix(5, 3), bad, r); }, {"rnnEncoder: params.Wh", "(4, 4)"});
  bad = w;
  bad.b = Vec::Zero(3);
  expect_error([&] { rnn_encoder(rng.matrix(5, 3), bad, r); },
               {"rnnEncoder: params.b", "length 3"});
  expect_error([&] { rnn_encoder(rng.matrix(kMaxRnnTokens + 1, 3), w, r); },
               {"rnnEncoder: x", "over the limit"});
}

TEST(Validation, CheckFunctionsReturnTheSameMessageTheyThrow) {
  Rng rng(15);
  const Mat Q = rng.matrix(2, 4), K = rng.matrix(5, 3), V = rng.matrix(5, 3);
  const std::string problem = check_attention(Q, K, V, {});
  ASSERT_FALSE(problem.empty());
  AttentionResult r;
  try {
    attention(Q, K, V, {}, r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(problem, e.what());
  }
  EXPECT_EQ(check_attention(Q, rng.matrix(5, 4), V, {}), "");
}

// Messages are built with attn::Msg, not an ostream (see attn/types.hpp); it must print numbers
// the way an ostream with default flags did, and non-finite floats the way JavaScript does.
TEST(Validation, MessagesPrintNumbersLikeAnOstream) {
  Msg m;
  m << "f: " << 'x' << ' ' << 42 << ' ' << -7L << ' ' << std::size_t{123456789} << ' ' << 0.001f
    << ' ' << 2e6f << ' ' << 1.5 << ' ' << 0.1f << ' ' << 123456789.0f;
  EXPECT_EQ(m.str(), "f: x 42 -7 123456789 0.001 2e+06 1.5 0.1 1.23457e+08");
  EXPECT_EQ(format_float(kNaN), "NaN");
  EXPECT_EQ(format_float(kInf), "Infinity");
  EXPECT_EQ(format_float(-kInf), "-Infinity");
  EXPECT_EQ(format_float(-3.25f), "-3.25");
  EXPECT_EQ(shape(3, 4), "(3, 4)");
}
