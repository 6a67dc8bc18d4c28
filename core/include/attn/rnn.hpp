// attn/rnn.hpp — a plain tanh RNN encoder for the bottleneck lesson:
//   h_0 = 0,  h_t = tanh(Wx x_t + Wh h_{t-1} + b),  t = 1..T,
// plus how much each input token still matters in the final state:
//   influence[t] = ‖∂h_T / ∂x_t‖_F  (the Frobenius norm of the (h, d_in) Jacobian),
// and the bottleneck lesson's headline number, influence[0] / influence[T-1].
// Forward and that Jacobian only; no training (the bottleneck lab's GRU trainer is seq2seq.hpp).
#pragma once

#include <string>

#include "attn/types.hpp"

namespace attn {

constexpr int kMaxRnnTokens = 512;
constexpr int kMaxRnnHidden = 256;

struct RnnWeights {
  Mat Wx;  // Wx: (h, d_in)
  Mat Wh;  // Wh: (h, h)
  Vec b;   // b:  (h)
};

struct RnnResult {
  Mat states;     // states:    (T, h), row t = h_t
  Vec influence;  // influence: (T), ‖∂h_T/∂x_t‖_F, saturating at FLT_MAX when it explodes
  float first_to_last = 0.0f;  // influence[0] / influence[T-1], in double, rounded once: how much
                               // of the last token's pull on h_T the first token keeps. Finite:
                               // 0 when influence[T-1] is 0 (h_T saturated, or Wx = 0), FLT_MAX
                               // at most
};

// x: (T, d_in)
std::string check_rnn_encoder(const MatRef& x, const RnnWeights& w, const char* fn = "rnnEncoder");

void rnn_encoder(const MatRef& x, const RnnWeights& w, RnnResult& out);

}  // namespace attn
