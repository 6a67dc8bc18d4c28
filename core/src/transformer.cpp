// core/src/transformer.cpp — the models of attn/transformer.hpp: parameters and their
// state_dict names, the forward pass (embeddings, multi-head attention with explicit masks,
// post-norm layers, final norms, generator, cross-entropy) and its backward pass by hand, in
// float or double. The greedy decoder, evaluation, head scores and the trainer live in
// transformer_trainer.cpp. Every matrix product runs over a whole batch (B*T rows) except the
// per-(sequence, head) score and weighted-sum products, which are (T_q, d_head)·(d_head, T_k).
// It does not generate data and does no I/O.
#include "attn/transformer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "attn/positional.hpp"
#include "masked_softmax.hpp"
#include "transformer_internal.hpp"

namespace attn {

const char* attn_block_name(AttnBlock b) {
  switch (b) {
    case AttnBlock::kEncoder:
      return "encoder";
    case AttnBlock::kDecoder:
      return "decoder";
    case AttnBlock::kCross:
      return "cross";
  }
  return "?";
}

bool HeadAblation::any() const {
  for (const std::vector<std::uint8_t>* v : {&enc, &dec, &cross})
    for (std::uint8_t x : *v)
      if (x) return true;
  return false;
}

namespace {

using tf::Ix;
template <typename S>
using M = MatT<S>;
template <typename S>
using Out = Eigen::Ref<M<S>>;
template <typename S>
using In = Eigen::Ref<const M<S>>;

constexpr double kLnEps = 1e-5;

bool decoder_only(const TransformerConfig& c) { return c.kind == TransformerKind::kDecoderOnly; }
// Layers of the self-attention stack that reads the embeddings of tgt (decoder-only) or src.
int n_enc_layers(const TransformerConfig& c) {
  return decoder_only(c) ? c.dec_layers : c.enc_layers;
}

// Grows a workspace to at least (rows, cols) (contents undefined).
template <typename S>
void ensure(M<S>& m, Ix rows, Ix cols) {
  if (m.rows() < rows || m.cols() < cols)
    m.resize(std::max(m.rows(), rows), std::max(m.cols(), cols));
}
// Gives a result matrix exactly (rows, cols) (contents undefined).
template <typename S>
void exact(M<S>& m, Ix rows, Ix cols) {
  if (m.rows() != rows || m.cols() != cols) m.resize(rows, cols);
}

// ------------------------------------------------------------------------------------------
// Blocks of the forward pass and their backward.

// Y = X Wᵀ + b. X: (n, k), W: (m, k), b: (1, m), Y: (n, m).
template <typename S>
void linear(const In<S>& X, const In<S>& W, const In<S>& b, Out<S> Y, tf::Gemm<S>& g) {
  g.nt(X, W, Y, false);
  Y.rowwise() += b.row(0);
}

// Backward of linear: dW += dYᵀ X, db += Σ_rows dY, and dX (= or +=) dY W when dX is given.
template <typename S>
void linear_backward(const In<S>& X, const In<S>& W, const In<S>& dY, Out<S> dW, Out<S> db,
                     Out<S>* dX, bool accumulate_dX, tf::Gemm<S>& g) {
  g.tn(dY, X, dW, true);
  db.row(0) += dY.colwise().sum();
  if (dX) g.nn(dY, W, *dX, accumulate_dX);
}

// LayerNorm over each row (biased variance, eps 1e-5), the residual sum R given:
//   1. μ = mean(r), σ² = mean((r − μ)²), rstd = 1 / sqrt(σ² + eps)
//   2. x̂ = (r − μ) · rstd;  y = x̂ ⊙ γ + β
// Writes xhat, rstd(:, col) and Y (which may alias R).
template <typename S>
void layer_norm(const In<S>& R, const M<S>& gamma, const M<S>& beta, Out<S> xhat, M<S>& rstd,
                Ix col, Out<S> Y) {
  const Ix n = R.rows(), d = R.cols();
  const S inv_d = S(1) / static_cast<S>(d);
  for (Ix i = 0; i < n; ++i) {
    const S mu = R.row(i).sum() * inv_d;
    xhat.row(i).array() = R.row(i).array() - mu;
    const S var = xhat.row(i).squaredNorm() * inv_d;
    const S rs = S(1) / std::sqrt(var + static_cast<S>(kLnEps));
    rstd(i, col) = rs;
    xhat.row(i) *= rs;
  }
  Y.array() = (xhat.array().rowwise() * gamma.row(0).array()).rowwise() + beta.row(0).array();
}

// Backward of layer_norm in place: D holds dL/dy on entry and dL/dr on exit.
//   g = dy ⊙ γ;  dγ += Σ dy ⊙ x̂;  dβ += Σ dy;  dr = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))
template <typename S>
void layer_norm_backward(Out<S> D, const In<S>& xhat, const M<S>& rstd, Ix col, const M<S>& gamma,
                         M<S>& dgamma, M<S>& dbeta) {
  const Ix n = D.rows(), d = D.cols();
  const S inv_d = S(1) / static_cast<S>(d);
  dgamma.row(0).array() += (D.array() * xhat.array()).colwise().sum();
  dbeta.row(0) += D.colwise().sum();
  D.array().rowwise() *= gamma.row(0).array();
  for (Ix i = 0; i < n; ++i) {
    const S mg = D.row(i).sum() * inv_d;
    const S mgx = D.row(i).dot(xhat.row(i)) * inv_d;
    D.row(i).array() = rstd(i, col) * (D.row(i).array() - mg - xhat.row(i).array() * mgx);
  }
}

// What an attention block masks: pad keys (key_ids[b*T_k + j] == kPad, when key_ids is given)
// and, when causal, keys j > i.
struct MaskSpec {
  const int* key_ids = nullptr;
  bool causal = false;
};

// Multi-head attention forward (nn.MultiheadAttention, batch_first), output into Y:
//   1. q = x_q W_qᵀ + b_q, k = x_kv W_kᵀ + b_k, v = x_kv W_vᵀ + b_v     (B*T_q|B*T_k, d_model)
//   2. per sequence b and head h: s = q_bh k_bhᵀ / sqrt(d_head)          (T_q, T_k)
//   3. mask: blocked entries excluded; p = softmax over the allowed keys (max subtracted), blocked
//      entries exactly 0, a fully blocked row all 0
//   4. concat_bh = p v_bh, or 0 for a disabled head                       (T_q, d_head)
//   5. Y = concat W_oᵀ + b_o                                               (B*T_q, d_model)
template <typename S>
void mha_forward(const MhaWeights<S>& w, int n_heads, const In<S>& xq, const In<S>& xkv, int B,
                 int Tq, int Tk, const MaskSpec& mask, const std::uint8_t* disabled,
                 TransformerMhaState<S>& st, Out<S> Y, tf::Gemm<S>& g) {
  const Ix d = xq.cols(), dh = d / n_heads, nq = Ix(B) * Tq, nk = Ix(B) * Tk;
  ensure(st.q, nq, d);
  ensure(st.k, nk, d);
  ensure(st.v, nk, d);
  ensure(st.concat, nq, d);
  exact(st.weights, Ix(B) * n_heads * Tq, Ix(Tk));
  // 1. Projections.
  linear<S>(xq, w.in_proj_weight.topRows(d), w.in_proj_bias.leftCols(d), st.q.topRows(nq), g);
  linear<S>(xkv, w.in_proj_weight.middleRows(d, d), w.in_proj_bias.middleCols(d, d),
            st.k.topRows(nk), g);
  linear<S>(xkv, w.in_proj_weight.bottomRows(d), w.in_proj_bias.rightCols(d), st.v.topRows(nk), g);
  const S scale = static_cast<S>(1.0 / std::sqrt(static_cast<double>(dh)));
  for (int b = 0; b < B; ++b) {
    const int* ids = mask.key_ids ? mask.key_ids + Ix(b) * Tk : nullptr;
    for (int h = 0; h < n_heads; ++h) {
      Out<S> P = st.weights.middleRows((Ix(b) * n_heads + h) * Tq, Tq);
      // 2. Scores.
      P.noalias() = st.q.block(Ix(b) * Tq, h * dh, Tq, dh) *
                    st.k.block(Ix(b) * Tk, h * dh, Tk, dh).transpose();
      // 3. Masked softmax, row by row (scale folded in).
      for (int i = 0; i < Tq; ++i) {
        const int last = mask.causal ? std::min(i, Tk - 1) : Tk - 1;  // keys 0..last allowed
        masked_softmax_row<S>(&P(i, 0), &P(i, 0), Tk, scale,
                              [&](int j) { return j <= last && (!ids || ids[j] != kPad); });
      }
      // 4. Weighted sum of the values into the head's columns.
      Out<S> C = st.concat.block(Ix(b) * Tq, h * dh, Tq, dh);
      if (disabled && disabled[h])
        C.setZero();
      else
        C.noalias() = P * st.v.block(Ix(b) * Tk, h * dh, Tk, dh);
    }
  }
  // 5. Output projection.
  linear<S>(st.concat.topRows(nq), w.out_proj_weight, w.out_proj_bias, Y, g);
}

// Backward of mha_forward. dY: (B*T_q, d_model). Accumulates into gw; dxq (+)= dL/dx_q and
// dxkv (+)= dL/dx_kv (self-attention: the same matrix, both accumulate).
//   1. dW_o += dYᵀ concat, db_o += Σ dY, dconcat = dY W_o (disabled heads' columns 0)
//   2. per b, h: dp = dconcat_bh v_bhᵀ; dv_bh = pᵀ dconcat_bh;
//      ds = p ⊙ (dp − rowsum(p ⊙ dp)) / sqrt(d_head); dq_bh = ds k_bh; dk_bh = dsᵀ q_bh
//   3. the projections' backward
template <typename S>
void mha_backward(const MhaWeights<S>& w, int n_heads, const In<S>& xq, const In<S>& xkv, int B,
                  int Tq, int Tk, const std::uint8_t* disabled, const TransformerMhaState<S>& st,
                  const In<S>& dY, MhaWeights<S>& gw, Out<S> dxq, bool accumulate_dxq, Out<S> dxkv,
                  TransformerRunState<S>& rs, tf::Gemm<S>& g) {
  const Ix d = xq.cols(), dh = d / n_heads, nq = Ix(B) * Tq, nk = Ix(B) * Tk;
  ensure(rs.d_concat, nq, d);
  ensure(rs.d_q, nq, d);
  ensure(rs.d_k, nk, d);
  ensure(rs.d_v, nk, d);
  ensure(rs.d_p, Ix(Tq), Ix(Tk));
  // 1. Output projection.
  Out<S> dC = rs.d_concat.topLeftCorner(nq, d);
  Out<S> dWo = gw.out_proj_weight, dbo = gw.out_proj_bias;
  linear_backward<S>(st.concat.topRows(nq), w.out_proj_weight, dY, dWo, dbo, &dC, false, g);
  const S scale = static_cast<S>(1.0 / std::sqrt(static_cast<double>(dh)));
  // 2. Per sequence and head.
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < n_heads; ++h) {
      Out<S> dq = rs.d_q.block(Ix(b) * Tq, h * dh, Tq, dh);
      Out<S> dk = rs.d_k.block(Ix(b) * Tk, h * dh, Tk, dh);
      Out<S> dv = rs.d_v.block(Ix(b) * Tk, h * dh, Tk, dh);
      if (disabled && disabled[h]) {
        dq.setZero();
        dk.setZero();
        dv.setZero();
        continue;
      }
      const In<S> P = st.weights.middleRows((Ix(b) * n_heads + h) * Tq, Tq);
      const In<S> dCbh = dC.block(Ix(b) * Tq, h * dh, Tq, dh);
      Out<S> dP = rs.d_p.topLeftCorner(Tq, Tk);
      dP.noalias() = dCbh * st.v.block(Ix(b) * Tk, h * dh, Tk, dh).transpose();
      dv.noalias() = P.transpose() * dCbh;
      for (int i = 0; i < Tq; ++i) {
        const S dot = P.row(i).dot(dP.row(i));
        dP.row(i).array() = P.row(i).array() * (dP.row(i).array() - dot) * scale;
      }
      dq.noalias() = dP * st.k.block(Ix(b) * Tk, h * dh, Tk, dh);
      dk.noalias() = dP.transpose() * st.q.block(Ix(b) * Tq, h * dh, Tq, dh);
    }
  // 3. Input projections.
  Out<S> dWq = gw.in_proj_weight.topRows(d), dWk = gw.in_proj_weight.middleRows(d, d),
         dWv = gw.in_proj_weight.bottomRows(d);
  Out<S> dbq = gw.in_proj_bias.leftCols(d), dbk = gw.in_proj_bias.middleCols(d, d),
         dbv = gw.in_proj_bias.rightCols(d);
  linear_backward<S>(xq, w.in_proj_weight.topRows(d), rs.d_q.topRows(nq), dWq, dbq, &dxq,
                     accumulate_dxq, g);
  linear_backward<S>(xkv, w.in_proj_weight.middleRows(d, d), rs.d_k.topRows(nk), dWk, dbk, &dxkv,
                     true, g);
  linear_backward<S>(xkv, w.in_proj_weight.bottomRows(d), rs.d_v.topRows(nk), dWv, dbv, &dxkv, true,
                     g);
}

// One layer forward. x: (B*T, d_model) the layer input (not aliasing st.out).
//   encoder/causal layer: x1 = LN1(x + SA(x)); out = LN2(x1 + FF(x1))
//   decoder layer:        x1 = LN1(x + SA(x)); x2 = LN2(x1 + CA(x1, mem)); out = LN3(x2 + FF(x2))
template <typename S>
void layer_forward(const TransformerLayerWeights<S>& w, const TransformerConfig& c, bool decoder,
                   const In<S>& x, int B, int T, const MaskSpec& self_mask, const In<S>* mem,
                   int Tm, const MaskSpec& mem_mask, const std::uint8_t* self_off,
                   const std::uint8_t* cross_off, TransformerLayerState<S>& st,
                   TransformerRunState<S>& rs, tf::Gemm<S>& g) {
  const Ix n = Ix(B) * T, d = c.d_model;
  ensure(st.xhat1, n, d);
  ensure(st.x1, n, d);
  ensure(st.rstd, n, Ix(3));
  ensure(st.hidden, n, Ix(c.d_ff));
  ensure(st.out, n, d);
  ensure(rs.tmp, n, d);
  Out<S> R = rs.tmp.topLeftCorner(n, d);
  // 1. Self-attention and norm1.
  mha_forward<S>(w.self_attn, c.n_heads, x, x, B, T, T, self_mask, self_off, st.self_attn, R, g);
  R += x;
  layer_norm<S>(R, w.norm1_weight, w.norm1_bias, st.xhat1.topRows(n), st.rstd, 0, st.x1.topRows(n));
  const M<S>* ln_g = &w.norm2_weight;
  const M<S>* ln_b = &w.norm2_bias;
  Ix ln_col = 1;
  if (decoder) {
    // 2. Cross-attention over the memory and norm2.
    ensure(st.xhat2, n, d);
    ensure(st.x2, n, d);
    mha_forward<S>(w.multihead_attn, c.n_heads, st.x1.topRows(n), *mem, B, T, Tm, mem_mask,
                   cross_off, st.cross_attn, R, g);
    R += st.x1.topRows(n);
    layer_norm<S>(R, w.norm2_weight, w.norm2_bias, st.xhat2.topRows(n), st.rstd, 1,
                  st.x2.topRows(n));
    ln_g = &w.norm3_weight;
    ln_b = &w.norm3_bias;
    ln_col = 2;
  }
  const In<S> xmid = decoder ? st.x2.topRows(n) : st.x1.topRows(n);
  // 3. Feed-forward: hidden = relu(x_mid W1ᵀ + b1); R = x_mid + hidden W2ᵀ + b2; the last norm.
  Out<S> H = st.hidden.topLeftCorner(n, c.d_ff);
  linear<S>(xmid, w.linear1_weight, w.linear1_bias, H, g);
  H = H.cwiseMax(S(0));
  linear<S>(H, w.linear2_weight, w.linear2_bias, R, g);
  R += xmid;
  M<S>& xhat_last = decoder ? st.xhat3 : st.xhat2;
  ensure(xhat_last, n, d);
  layer_norm<S>(R, *ln_g, *ln_b, xhat_last.topRows(n), st.rstd, ln_col, st.out.topRows(n));
}

// Backward of layer_forward. D: (B*T, d_model) holds dL/d(out) on entry, dL/dx on exit.
// dmem (decoder layers) accumulates dL/d(memory).
template <typename S>
void layer_backward(const TransformerLayerWeights<S>& w, const TransformerConfig& c, bool decoder,
                    const In<S>& x, int B, int T, const In<S>* mem, int Tm,
                    const std::uint8_t* self_off, const std::uint8_t* cross_off,
                    const TransformerLayerState<S>& st, Out<S> D, Out<S>* dmem,
                    TransformerLayerWeights<S>& gw, TransformerRunState<S>& rs, tf::Gemm<S>& g) {
  const Ix n = Ix(B) * T, d = c.d_model;
  const In<S> xmid = decoder ? st.x2.topRows(n) : st.x1.topRows(n);
  // 1. The last norm: D = dL/d(x_mid + FF(x_mid)).
  if (decoder)
    layer_norm_backward<S>(D, st.xhat3.topRows(n), st.rstd, 2, w.norm3_weight, gw.norm3_weight,
                           gw.norm3_bias);
  else
    layer_norm_backward<S>(D, st.xhat2.topRows(n), st.rstd, 1, w.norm2_weight, gw.norm2_weight,
                           gw.norm2_bias);
  // 2. Feed-forward: dW2, db2, dhidden = D W2 ⊙ [hidden > 0], dW1, db1; D += dhidden W1.
  ensure(rs.d_hidden, n, Ix(c.d_ff));
  Out<S> dH = rs.d_hidden.topLeftCorner(n, c.d_ff);
  const In<S> H = st.hidden.topLeftCorner(n, c.d_ff);
  Out<S> dW2 = gw.linear2_weight, db2 = gw.linear2_bias, dW1 = gw.linear1_weight,
         db1 = gw.linear1_bias;
  linear_backward<S>(H, w.linear2_weight, D, dW2, db2, &dH, false, g);
  dH.array() *= (H.array() > S(0)).template cast<S>();
  linear_backward<S>(xmid, w.linear1_weight, dH, dW1, db1, &D, true, g);
  if (decoder) {
    // 3. norm2 and cross-attention: D = dL/dx1.
    layer_norm_backward<S>(D, st.xhat2.topRows(n), st.rstd, 1, w.norm2_weight, gw.norm2_weight,
                           gw.norm2_bias);
    ensure(rs.d_x2, n, d);
    Out<S> dR = rs.d_x2.topLeftCorner(n, d);
    dR = D;
    mha_backward<S>(w.multihead_attn, c.n_heads, st.x1.topRows(n), *mem, B, T, Tm, cross_off,
                    st.cross_attn, dR, gw.multihead_attn, D, true, *dmem, rs, g);
  }
  // 4. norm1 and self-attention: D = dL/dx.
  layer_norm_backward<S>(D, st.xhat1.topRows(n), st.rstd, 0, w.norm1_weight, gw.norm1_weight,
                         gw.norm1_bias);
  ensure(rs.d_x2, n, d);
  Out<S> dR = rs.d_x2.topLeftCorner(n, d);
  dR = D;
  mha_backward<S>(w.self_attn, c.n_heads, x, x, B, T, T, self_off, st.self_attn, dR, gw.self_attn,
                  D, true, D, rs, g);
}

// Embeddings: X = E[ids] · sqrt(d_model) (+ PE[t] at position t).
template <typename S>
void embed(const TransformerConfig& c, const M<S>& table, const int* ids, int B, int T,
           TransformerRunState<S>& rs, M<S>& X) {
  const Ix d = c.d_model;
  ensure(X, Ix(B) * T, d);
  const S scale = static_cast<S>(std::sqrt(static_cast<double>(d)));
  const bool pe = c.positional == PositionalKind::kSinusoidal;
  if (pe && (rs.pe.rows() < kTransformerMaxLen || rs.pe.cols() != d)) {
    Mat p;
    positional_encoding(kTransformerMaxLen, c.d_model, p);
    rs.pe = p.cast<S>();
  }
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t) {
      const Ix r = Ix(b) * T + t;
      X.row(r) = table.row(ids[r]) * scale;
      if (pe) X.row(r) += rs.pe.row(t);
    }
}

template <typename S>
const std::uint8_t* heads_off(const HeadAblation* a, AttnBlock block, int layer, int n_heads) {
  if (!a) return nullptr;
  const std::vector<std::uint8_t>& v = block == AttnBlock::kEncoder   ? a->enc
                                       : block == AttnBlock::kDecoder ? a->dec
                                                                      : a->cross;
  return v.empty() ? nullptr : v.data() + std::size_t(layer) * std::size_t(n_heads);
}

}  // namespace

// ------------------------------------------------------------------------------------------
// The forward pass as the trainer's decoders use it (declared in transformer_internal.hpp).
namespace tf {

template <typename S>
void encoder_forward(const TransformerConfig& c, const TransformerWeights<S>& w, const int* src,
                     int B, int Sn, TransformerRunState<S>& rs, const HeadAblation* abl) {
  Gemm<S> g = gemm_of(rs);
  const Ix ns = Ix(B) * Sn, d = c.d_model;
  rs.kind = c.kind;
  rs.n_heads = c.n_heads;
  rs.B = B;
  rs.T_src = Sn;
  if (rs.enc.size() < std::size_t(c.enc_layers)) rs.enc.resize(std::size_t(c.enc_layers));
  // 1. Embeddings.
  embed<S>(c, w.src_embed, src, B, Sn, rs, rs.src_x);
  // 2. The layers (pad keys blocked).
  const MaskSpec mask{src, false};
  for (int l = 0; l < c.enc_layers; ++l) {
    const In<S> x =
        l == 0 ? In<S>(rs.src_x.topRows(ns)) : In<S>(rs.enc[std::size_t(l - 1)].out.topRows(ns));
    layer_forward<S>(w.enc[std::size_t(l)], c, false, x, B, Sn, mask, nullptr, 0, MaskSpec(),
                     heads_off<S>(abl, AttnBlock::kEncoder, l, c.n_heads), nullptr,
                     rs.enc[std::size_t(l)], rs, g);
  }
  // 3. The final encoder norm: memory.
  ensure(rs.enc_xhat, ns, d);
  ensure(rs.enc_rstd, ns, Ix(1));
  ensure(rs.memory, ns, d);
  layer_norm<S>(rs.enc[std::size_t(c.enc_layers - 1)].out.topRows(ns), w.enc_norm_weight,
                w.enc_norm_bias, rs.enc_xhat.topRows(ns), rs.enc_rstd, 0, rs.memory.topRows(ns));
}

template <typename S>
void decoder_forward(const TransformerConfig& c, const TransformerWeights<S>& w, const int* src,
                     const int* tgt_in, int B, int T, TransformerRunState<S>& rs,
                     const HeadAblation* abl) {
  Gemm<S> g = gemm_of(rs);
  const Ix nt = Ix(B) * T, d = c.d_model;
  rs.kind = c.kind;
  rs.n_heads = c.n_heads;
  rs.B = B;
  rs.T = T;
  const bool only = decoder_only(c);
  std::vector<TransformerLayerState<S>>& layers = only ? rs.enc : rs.dec;
  const int L = c.dec_layers;
  if (layers.size() < std::size_t(L)) layers.resize(std::size_t(L));
  const std::vector<TransformerLayerWeights<S>>& lw = only ? w.enc : w.dec;
  // 1. Embeddings.
  embed<S>(c, w.tgt_embed, tgt_in, B, T, rs, rs.tgt_x);
  // 2. The layers: causal self-attention (encoder–decoder: also tgt pad keys), cross-attention
  //    over the memory with the src pad keys blocked.
  const MaskSpec self_mask{only ? nullptr : tgt_in, true};
  const MaskSpec mem_mask{src, false};
  const Ix ns = Ix(B) * rs.T_src;
  for (int l = 0; l < L; ++l) {
    const In<S> x =
        l == 0 ? In<S>(rs.tgt_x.topRows(nt)) : In<S>(layers[std::size_t(l - 1)].out.topRows(nt));
    if (only) {
      layer_forward<S>(lw[std::size_t(l)], c, false, x, B, T, self_mask, nullptr, 0, MaskSpec(),
                       heads_off<S>(abl, AttnBlock::kDecoder, l, c.n_heads), nullptr,
                       layers[std::size_t(l)], rs, g);
    } else {
      const In<S> mem = rs.memory.topRows(ns);
      layer_forward<S>(lw[std::size_t(l)], c, true, x, B, T, self_mask, &mem, rs.T_src, mem_mask,
                       heads_off<S>(abl, AttnBlock::kDecoder, l, c.n_heads),
                       heads_off<S>(abl, AttnBlock::kCross, l, c.n_heads), layers[std::size_t(l)],
                       rs, g);
    }
  }
  // 3. The final decoder norm (encoder–decoder only) and the generator.
  const In<S> last = layers[std::size_t(L - 1)].out.topRows(nt);
  ensure(rs.dec_final, nt, d);
  if (only) {
    rs.dec_final.topRows(nt) = last;
  } else {
    ensure(rs.dec_xhat, nt, d);
    ensure(rs.dec_rstd, nt, Ix(1));
    layer_norm<S>(last, w.dec_norm_weight, w.dec_norm_bias, rs.dec_xhat.topRows(nt), rs.dec_rstd, 0,
                  rs.dec_final.topRows(nt));
  }
  exact(rs.logits, nt, w.generator_weight.rows());
  linear<S>(rs.dec_final.topRows(nt), w.generator_weight, w.generator_bias, rs.logits, g);
}

template <typename S>
void forward(const TransformerConfig& c, const TransformerWeights<S>& w, const TransformerBatch& bt,
             TransformerRunState<S>& rs, const HeadAblation* abl) {
  if (decoder_only(c)) {
    rs.T_src = 0;
    decoder_forward<S>(c, w, nullptr, bt.tgt_in.data(), bt.B, bt.T, rs, abl);
  } else {
    encoder_forward<S>(c, w, bt.src.data(), bt.B, bt.S, rs, abl);
    decoder_forward<S>(c, w, bt.src.data(), bt.tgt_in.data(), bt.B, bt.T, rs, abl);
  }
}

}  // namespace tf

namespace {

// Cross-entropy of the logits against tgt_out: loss_sum, tokens; with `grad`, d_logits =
// (softmax − onehot) / tokens on rows with a target, 0 elsewhere.
//   −log p(y) = log Σ exp(x − max) − (x_y − max)
template <typename S>
void cross_entropy(const int* tgt_out, TransformerRunState<S>& rs, bool grad) {
  const Ix n = rs.logits.rows(), V = rs.logits.cols();
  double loss = 0;
  int tokens = 0;
  if (grad) ensure(rs.d_logits, n, V);
  for (Ix i = 0; i < n; ++i) {
    const int y = tgt_out[i];
    if (y == kPad) {
      if (grad) rs.d_logits.row(i).head(V).setZero();
      continue;
    }
    const S mx = rs.logits.row(i).maxCoeff();
    const S sum = (rs.logits.row(i).array() - mx).exp().sum();
    loss += static_cast<double>(std::log(sum) - (rs.logits(i, y) - mx));
    ++tokens;
    if (grad) {
      rs.d_logits.row(i).head(V) = (rs.logits.row(i).array() - mx).exp().matrix() / sum;
      rs.d_logits(i, y) -= S(1);
    }
  }
  if (grad && tokens > 1) rs.d_logits.topLeftCorner(n, V) /= static_cast<S>(tokens);
  rs.loss_sum = loss;
  rs.tokens = tokens;
}

template <typename S>
void backward(const TransformerConfig& c, const TransformerWeights<S>& w,
              const TransformerBatch& bt, TransformerRunState<S>& rs, TransformerWeights<S>& gw,
              const HeadAblation* abl) {
  tf::Gemm<S> g = tf::gemm_of(rs);
  const int B = bt.B, T = bt.T, Sn = bt.S;
  const Ix nt = Ix(B) * T, ns = Ix(B) * Sn, d = c.d_model, V = w.generator_weight.rows();
  const bool only = decoder_only(c);
  for (M<S>* m : transformer_param_list(gw)) m->setZero();
  // 1. Generator: dW_g, db_g, D = dL/d(dec_final).
  ensure(rs.d_x, std::max(nt, ns), d);
  Out<S> D = rs.d_x.topLeftCorner(nt, d);
  Out<S> dWg = gw.generator_weight, dbg = gw.generator_bias;
  linear_backward<S>(rs.dec_final.topRows(nt), w.generator_weight, rs.d_logits.topLeftCorner(nt, V),
                     dWg, dbg, &D, false, g);
  // 2. Final decoder norm.
  if (!only)
    layer_norm_backward<S>(D, rs.dec_xhat.topRows(nt), rs.dec_rstd, 0, w.dec_norm_weight,
                           gw.dec_norm_weight, gw.dec_norm_bias);
  // 3. Decoder layers, last to first; cross-attention gradients gather in d_mem.
  const std::vector<TransformerLayerState<S>>& layers = only ? rs.enc : rs.dec;
  const std::vector<TransformerLayerWeights<S>>& lw = only ? w.enc : w.dec;
  std::vector<TransformerLayerWeights<S>>& lg = only ? gw.enc : gw.dec;
  ensure(rs.d_mem, ns, d);
  rs.d_mem.topLeftCorner(ns, d).setZero();
  Out<S> dmem = rs.d_mem.topLeftCorner(ns, d);
  for (int l = c.dec_layers - 1; l >= 0; --l) {
    const In<S> x =
        l == 0 ? In<S>(rs.tgt_x.topRows(nt)) : In<S>(layers[std::size_t(l - 1)].out.topRows(nt));
    if (only) {
      layer_backward<S>(lw[std::size_t(l)], c, false, x, B, T, nullptr, 0,
                        heads_off<S>(abl, AttnBlock::kDecoder, l, c.n_heads), nullptr,
                        layers[std::size_t(l)], D, nullptr, lg[std::size_t(l)], rs, g);
    } else {
      const In<S> mem = rs.memory.topRows(ns);
      layer_backward<S>(lw[std::size_t(l)], c, true, x, B, T, &mem, Sn,
                        heads_off<S>(abl, AttnBlock::kDecoder, l, c.n_heads),
                        heads_off<S>(abl, AttnBlock::kCross, l, c.n_heads), layers[std::size_t(l)],
                        D, &dmem, lg[std::size_t(l)], rs, g);
    }
  }
  // 4. Target embeddings: dE[id] += D · sqrt(d_model).
  const S scale = static_cast<S>(std::sqrt(static_cast<double>(d)));
  for (Ix r = 0; r < nt; ++r) gw.tgt_embed.row(bt.tgt_in[std::size_t(r)]) += D.row(r) * scale;
  if (only) return;
  // 5. Final encoder norm, encoder layers, source embeddings.
  ensure(rs.d_x, std::max(nt, ns), d);
  Out<S> E = rs.d_x.topLeftCorner(ns, d);
  E = dmem;
  layer_norm_backward<S>(E, rs.enc_xhat.topRows(ns), rs.enc_rstd, 0, w.enc_norm_weight,
                         gw.enc_norm_weight, gw.enc_norm_bias);
  for (int l = c.enc_layers - 1; l >= 0; --l) {
    const In<S> x =
        l == 0 ? In<S>(rs.src_x.topRows(ns)) : In<S>(rs.enc[std::size_t(l - 1)].out.topRows(ns));
    layer_backward<S>(w.enc[std::size_t(l)], c, false, x, B, Sn, nullptr, 0,
                      heads_off<S>(abl, AttnBlock::kEncoder, l, c.n_heads), nullptr,
                      rs.enc[std::size_t(l)], E, nullptr, gw.enc[std::size_t(l)], rs, g);
  }
  for (Ix r = 0; r < ns; ++r) gw.src_embed.row(bt.src[std::size_t(r)]) += E.row(r) * scale;
}

template <typename S>
void init_xavier(M<S>& m, Ix rows, Ix cols, Rng& rng) {
  const double bound = std::sqrt(6.0 / static_cast<double>(rows + cols));
  m.resize(rows, cols);
  for (Ix i = 0; i < rows; ++i)
    for (Ix j = 0; j < cols; ++j)
      m(i, j) = static_cast<S>(static_cast<float>((2.0 * rng.uniform_double() - 1.0) * bound));
}

template <typename S>
void init_mha(MhaWeights<S>& m, Ix d, Rng& rng) {
  init_xavier(m.in_proj_weight, 3 * d, d, rng);
  m.in_proj_bias = M<S>::Zero(1, 3 * d);
  init_xavier(m.out_proj_weight, d, d, rng);
  m.out_proj_bias = M<S>::Zero(1, d);
}

template <typename S>
void init_layer(TransformerLayerWeights<S>& L, bool decoder, Ix d, Ix ff, Rng& rng) {
  init_mha(L.self_attn, d, rng);
  if (decoder) {
    init_mha(L.multihead_attn, d, rng);
  } else {
    L.multihead_attn = MhaWeights<S>();
  }
  init_xavier(L.linear1_weight, ff, d, rng);
  L.linear1_bias = M<S>::Zero(1, ff);
  init_xavier(L.linear2_weight, d, ff, rng);
  L.linear2_bias = M<S>::Zero(1, d);
  L.norm1_weight = M<S>::Ones(1, d);
  L.norm1_bias = M<S>::Zero(1, d);
  L.norm2_weight = M<S>::Ones(1, d);
  L.norm2_bias = M<S>::Zero(1, d);
  if (decoder) {
    L.norm3_weight = M<S>::Ones(1, d);
    L.norm3_bias = M<S>::Zero(1, d);
  } else {
    L.norm3_weight.resize(0, 0);
    L.norm3_bias.resize(0, 0);
  }
}

}  // namespace

// ------------------------------------------------------------------------------------------
std::string check_transformer_config(const TransformerConfig& c, const char* fn) {
  Msg s;
  auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  const bool only = c.kind == TransformerKind::kDecoderOnly;
  if (c.kind != TransformerKind::kEncoderDecoder && !only) {
    s << fn << ": kind must be encoder-decoder (0) or decoder-only (1), got "
      << static_cast<int>(c.kind);
  } else if (c.positional != PositionalKind::kSinusoidal && c.positional != PositionalKind::kNone) {
    s << fn << ": positional must be sinusoidal (0) or none (1), got "
      << static_cast<int>(c.positional);
  } else if (!in(c.tgt_vocab, kNumSpecial + 1, kTransformerMaxVocab) ||
             (only ? c.src_vocab != 0 : !in(c.src_vocab, kNumSpecial + 1, kTransformerMaxVocab))) {
    s << fn << ": src_vocab and tgt_vocab must be in [" << kNumSpecial + 1 << ", "
      << kTransformerMaxVocab << "] (decoder-only: src_vocab 0), got " << c.src_vocab << " and "
      << c.tgt_vocab;
  } else if (!in(c.d_model, 1, kTransformerMaxWidth)) {
    s << fn << ": d_model must be in [1, " << kTransformerMaxWidth << "], got " << c.d_model;
  } else if (!in(c.n_heads, 1, kTransformerMaxHeads) || c.d_model % c.n_heads != 0) {
    s << fn << ": n_heads must be in [1, " << kTransformerMaxHeads << "] and divide d_model "
      << c.d_model << ", got " << c.n_heads;
  } else if (!in(c.d_ff, 1, kTransformerMaxFF)) {
    s << fn << ": d_ff must be in [1, " << kTransformerMaxFF << "], got " << c.d_ff;
  } else if (!in(c.dec_layers, 1, kTransformerMaxLayers) ||
             (!only && !in(c.enc_layers, 1, kTransformerMaxLayers))) {
    s << fn << ": enc_layers and dec_layers must be in [1, " << kTransformerMaxLayers
      << "] (decoder-only: dec_layers is the depth), got " << c.enc_layers << " and "
      << c.dec_layers;
  }
  return s.str();
}

template <typename S>
std::vector<MatT<S>*> transformer_param_list(TransformerWeights<S>& w) {
  std::vector<MatT<S>*> out;
  transformer_for_each_param(
      w, [&](const std::string&, const std::vector<int>&, MatT<S>& m) { out.push_back(&m); });
  return out;
}

template <typename S>
void transformer_init(const TransformerConfig& c, TransformerWeights<S>& w) {
  require(check_transformer_config(c, "transformer_init"));
  const Ix d = c.d_model, ff = c.d_ff;
  Rng rng(c.seed);
  const bool only = decoder_only(c);
  if (only)
    w.src_embed.resize(0, 0);
  else
    init_xavier(w.src_embed, Ix(c.src_vocab), d, rng);
  init_xavier(w.tgt_embed, Ix(c.tgt_vocab), d, rng);
  w.enc.assign(std::size_t(n_enc_layers(c)), TransformerLayerWeights<S>());
  for (TransformerLayerWeights<S>& L : w.enc) init_layer(L, false, d, ff, rng);
  w.dec.clear();
  if (only) {
    w.enc_norm_weight.resize(0, 0);
    w.enc_norm_bias.resize(0, 0);
    w.dec_norm_weight.resize(0, 0);
    w.dec_norm_bias.resize(0, 0);
  } else {
    w.enc_norm_weight = M<S>::Ones(1, d);
    w.enc_norm_bias = M<S>::Zero(1, d);
    w.dec.assign(std::size_t(c.dec_layers), TransformerLayerWeights<S>());
    for (TransformerLayerWeights<S>& L : w.dec) init_layer(L, true, d, ff, rng);
    w.dec_norm_weight = M<S>::Ones(1, d);
    w.dec_norm_bias = M<S>::Zero(1, d);
  }
  init_xavier(w.generator_weight, Ix(c.tgt_vocab), d, rng);
  w.generator_bias = M<S>::Zero(1, Ix(c.tgt_vocab));
}

template <typename S>
void transformer_zeros_like(const TransformerWeights<S>& like, TransformerWeights<S>& out) {
  out = like;  // the structure (layer counts, empty blocks)
  for (MatT<S>* m : transformer_param_list(out)) m->setZero();
}

template <typename S>
long transformer_parameter_count(const TransformerWeights<S>& w) {
  long n = 0;
  for (MatT<S>* m : transformer_param_list(const_cast<TransformerWeights<S>&>(w)))
    n += static_cast<long>(m->size());
  return n;
}

namespace {

// (rows, cols) of every parameter of `c` in state_dict order.
std::vector<std::pair<Ix, Ix>> expected_shapes(const TransformerConfig& c) {
  std::vector<std::pair<Ix, Ix>> v;
  const Ix d = c.d_model, ff = c.d_ff, Vs = c.src_vocab, Vt = c.tgt_vocab;
  auto mha = [&]() {
    v.emplace_back(3 * d, d);
    v.emplace_back(1, 3 * d);
    v.emplace_back(d, d);
    v.emplace_back(1, d);
  };
  auto layer = [&](bool dec) {
    mha();
    if (dec) mha();
    v.emplace_back(ff, d);
    v.emplace_back(1, ff);
    v.emplace_back(d, ff);
    v.emplace_back(1, d);
    for (int i = 0; i < (dec ? 6 : 4); ++i) v.emplace_back(1, d);
  };
  if (decoder_only(c)) {
    v.emplace_back(Vt, d);
    for (int l = 0; l < c.dec_layers; ++l) layer(false);
  } else {
    v.emplace_back(Vs, d);
    v.emplace_back(Vt, d);
    for (int l = 0; l < c.enc_layers; ++l) layer(false);
    v.emplace_back(1, d);
    v.emplace_back(1, d);
    for (int l = 0; l < c.dec_layers; ++l) layer(true);
    v.emplace_back(1, d);
    v.emplace_back(1, d);
  }
  v.emplace_back(Vt, d);
  v.emplace_back(1, Vt);
  return v;
}

template <typename S>
std::string check_weights_impl(const TransformerConfig& c, const TransformerWeights<S>& w,
                               const char* fn, bool finite) {
  std::string s = check_transformer_config(c, fn);
  if (!s.empty()) return s;
  const bool only = decoder_only(c);
  Msg m;
  if (w.enc.size() != std::size_t(n_enc_layers(c)) ||
      w.dec.size() != std::size_t(only ? 0 : c.dec_layers) || (w.src_embed.size() == 0) != only ||
      w.tgt_embed.cols() != c.d_model) {
    m << fn << ": the weights have " << w.enc.size() << " encoder and " << w.dec.size()
      << " decoder layers (src_embed " << shape(w.src_embed.rows(), w.src_embed.cols())
      << "); the config asks for " << n_enc_layers(c) << " and " << (only ? 0 : c.dec_layers);
    return m.str();
  }
  const std::vector<std::pair<Ix, Ix>> want = expected_shapes(c);
  std::size_t k = 0;
  transformer_for_each_param(const_cast<TransformerWeights<S>&>(w),
                             [&](const std::string& name, const std::vector<int>&, MatT<S>& x) {
                               if (!m.str().empty()) return;
                               if (k >= want.size()) {
                                 m << fn << ": " << name << " is one parameter too many";
                                 return;
                               }
                               const std::pair<Ix, Ix> r = want[k++];
                               if (x.rows() != r.first || x.cols() != r.second) {
                                 m << fn << ": " << name << " is " << shape(x.rows(), x.cols())
                                   << " but the config needs " << shape(r.first, r.second);
                               } else if (finite && !x.allFinite()) {
                                 m << fn << ": " << name << " holds a value that is not finite";
                               }
                             });
  if (m.str().empty() && k != want.size())
    m << fn << ": the weights have " << k << " parameters; the config needs " << want.size();
  return m.str();
}

}  // namespace

template <typename S>
std::string check_transformer_weights(const TransformerConfig& c, const TransformerWeights<S>& w,
                                      const char* fn) {
  return check_weights_impl(c, w, fn, true);
}

std::uint32_t transformer_weights_checksum(const TransformerWeights<float>& w) {
  std::uint32_t h = 2166136261u;
  transformer_for_each_param(const_cast<TransformerWeights<float>&>(w),
                             [&](const std::string&, const std::vector<int>&, Mat& m) {
                               const unsigned char* p =
                                   reinterpret_cast<const unsigned char*>(m.data());
                               const std::size_t n = sizeof(float) * std::size_t(m.size());
                               for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
                             });
  return h;
}

std::string check_transformer_batch(const TransformerConfig& c, const TransformerBatch& bt,
                                    const char* fn) {
  std::string cfg = check_transformer_config(c, fn);
  if (!cfg.empty()) return cfg;
  Msg s;
  const bool only = decoder_only(c);
  if (bt.B < 1 || bt.B > kTransformerMaxBatch || bt.T < 1 || bt.T > kTransformerMaxLen ||
      (only ? bt.S != 0 : (bt.S < 1 || bt.S > kTransformerMaxLen))) {
    s << fn << ": batch has B " << bt.B << ", S " << bt.S << ", T " << bt.T
      << "; need 1 <= B <= " << kTransformerMaxBatch << ", 1 <= T <= " << kTransformerMaxLen
      << " and " << (only ? "S = 0 (decoder-only)" : "1 <= S <= 64");
    return s.str();
  }
  const std::size_t ns = std::size_t(bt.B) * std::size_t(bt.S),
                    nt = std::size_t(bt.B) * std::size_t(bt.T);
  if (bt.src.size() != ns || bt.tgt_in.size() != nt || bt.tgt_out.size() != nt) {
    s << fn << ": batch vectors have sizes src " << bt.src.size() << ", tgt_in " << bt.tgt_in.size()
      << ", tgt_out " << bt.tgt_out.size() << "; need " << ns << ", " << nt << ", " << nt;
    return s.str();
  }
  for (std::size_t i = 0; i < ns; ++i)
    if (bt.src[i] < 0 || bt.src[i] >= c.src_vocab) {
      s << fn << ": src[" << i << "] = " << bt.src[i] << " is outside [0, " << c.src_vocab << ")";
      return s.str();
    }
  for (std::size_t i = 0; i < nt; ++i)
    if (bt.tgt_in[i] < 0 || bt.tgt_in[i] >= c.tgt_vocab || bt.tgt_out[i] < 0 ||
        bt.tgt_out[i] >= c.tgt_vocab) {
      s << fn << ": tgt_in/tgt_out[" << i << "] = " << bt.tgt_in[i] << "/" << bt.tgt_out[i]
        << " is outside [0, " << c.tgt_vocab << ")";
      return s.str();
    }
  return s.str();
}

std::string check_head_ablation(const TransformerConfig& c, const HeadAblation* a, const char* fn) {
  if (!a) return "";
  const bool only = decoder_only(c);
  struct Item {
    const char* name;
    const std::vector<std::uint8_t>* v;
    int layers;
  };
  const Item items[] = {{"enc", &a->enc, only ? 0 : c.enc_layers},
                        {"dec", &a->dec, c.dec_layers},
                        {"cross", &a->cross, only ? 0 : c.dec_layers}};
  Msg s;
  for (const Item& it : items) {
    if (it.v->empty()) continue;
    const std::size_t want = std::size_t(it.layers) * std::size_t(c.n_heads);
    if (it.v->size() != want) {
      s << fn << ": ablation." << it.name << " has " << it.v->size() << " entries; need layers "
        << it.layers << " * n_heads " << c.n_heads << " = " << want << " (or none)";
      return s.str();
    }
    for (std::size_t i = 0; i < it.v->size(); ++i)
      if ((*it.v)[i] > 1) {
        s << fn << ": ablation." << it.name << "[" << i << "] = " << int((*it.v)[i])
          << "; entries are 0 (on) or 1 (off)";
        return s.str();
      }
  }
  return s.str();
}

std::string check_transformer_make_batch(TransformerKind kind, const std::vector<Example>& ex,
                                         const std::vector<int>& indices) {
  Msg s;
  const char* fn = "transformer_make_batch";
  if (indices.empty() || indices.size() > std::size_t(kTransformerMaxBatch)) {
    s << fn << ": indices must hold 1.." << kTransformerMaxBatch << " entries, got "
      << indices.size();
    return s.str();
  }
  const bool only = kind == TransformerKind::kDecoderOnly;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const int k = indices[i];
    if (k < 0 || std::size_t(k) >= ex.size()) {
      s << fn << ": indices[" << i << "] = " << k << " is outside [0, " << ex.size() << ")";
      return s.str();
    }
    const Example& e = ex[std::size_t(k)];
    const std::size_t T = only ? e.tgt.size() : e.tgt.size() + 1;
    if ((only ? !e.src.empty() : (e.src.empty() || e.src.size() > kTransformerMaxLen)) || T < 1 ||
        T > std::size_t(kTransformerMaxLen)) {
      s << fn << ": example " << k << " has " << e.src.size() << " source and " << e.tgt.size()
        << " target tokens; need " << (only ? "0" : "1..64") << " and "
        << (only ? "1..64" : "0..63");
      return s.str();
    }
  }
  return s.str();
}

void transformer_make_batch(TransformerKind kind, const std::vector<Example>& ex,
                            const std::vector<int>& indices, TransformerBatch& out) {
  require(check_transformer_make_batch(kind, ex, indices));
  const bool only = kind == TransformerKind::kDecoderOnly;
  const int B = static_cast<int>(indices.size());
  int Sn = 0, T = 0;
  for (int k : indices) {
    const Example& e = ex[std::size_t(k)];
    Sn = std::max(Sn, static_cast<int>(e.src.size()));
    T = std::max(T, static_cast<int>(e.tgt.size()) + (only ? 0 : 1));
  }
  out.B = B;
  out.S = Sn;
  out.T = T;
  out.src.assign(std::size_t(B) * std::size_t(Sn), kPad);
  out.tgt_in.assign(std::size_t(B) * std::size_t(T), kPad);
  out.tgt_out.assign(std::size_t(B) * std::size_t(T), kPad);
  for (int b = 0; b < B; ++b) {
    const Example& e = ex[std::size_t(indices[std::size_t(b)])];
    const std::size_t n = e.tgt.size();
    const std::size_t rs = std::size_t(b) * std::size_t(Sn), rt = std::size_t(b) * std::size_t(T);
    for (std::size_t j = 0; j < e.src.size(); ++j) out.src[rs + j] = e.src[j];
    out.tgt_in[rt] = kBos;
    if (only) {
      for (std::size_t t = 0; t + 1 < n; ++t) out.tgt_in[rt + t + 1] = e.tgt[t];
      for (std::size_t t = 0; t < n; ++t) out.tgt_out[rt + t] = e.tgt[t];
    } else {
      for (std::size_t t = 0; t < n; ++t) {
        out.tgt_in[rt + t + 1] = e.tgt[t];
        out.tgt_out[rt + t] = e.tgt[t];
      }
      out.tgt_out[rt + n] = kEos;
    }
  }
}

namespace {
template <typename S>
const std::vector<TransformerLayerState<S>>* layers_of(const TransformerRunState<S>& rs,
                                                       AttnBlock block) {
  const bool only = rs.kind == TransformerKind::kDecoderOnly;
  if (block == AttnBlock::kEncoder && !only) return &rs.enc;
  if (block == AttnBlock::kDecoder) return only ? &rs.enc : &rs.dec;
  if (block == AttnBlock::kCross && !only) return &rs.dec;
  return nullptr;
}
}  // namespace

template <typename S>
bool TransformerRunState<S>::has_attention(AttnBlock block, int layer) const {
  const std::vector<TransformerLayerState<S>>* v = layers_of(*this, block);
  return v && layer >= 0 && std::size_t(layer) < v->size();
}

template <typename S>
const MatT<S>& TransformerRunState<S>::attention(AttnBlock block, int layer) const {
  const std::vector<TransformerLayerState<S>>* v = layers_of(*this, block);
  if (!has_attention(block, layer)) {
    Msg s;
    s << "TransformerRunState.attention: no " << attn_block_name(block) << " layer " << layer
      << " (" << (v ? v->size() : 0) << " layers of that block after the last forward)";
    fail(s.str());
  }
  const TransformerLayerState<S>& L = (*v)[std::size_t(layer)];
  return block == AttnBlock::kCross ? L.cross_attn.weights : L.self_attn.weights;
}

namespace {
template <typename S>
std::string check_loss_args(const TransformerConfig& c, const TransformerWeights<S>& w,
                            const TransformerBatch& batch, const HeadAblation* a, const char* fn) {
  std::string s = check_transformer_batch(c, batch, fn);
  if (s.empty()) s = check_head_ablation(c, a, fn);
  if (s.empty()) s = check_weights_impl(c, w, fn, false);
  return s;
}
}  // namespace

template <typename S>
S transformer_loss(const TransformerConfig& c, const TransformerWeights<S>& w,
                   const TransformerBatch& batch, TransformerRunState<S>& rs,
                   const HeadAblation* ablation) {
  require(check_loss_args(c, w, batch, ablation, "transformer_loss"));
  tf::forward<S>(c, w, batch, rs, ablation);
  cross_entropy<S>(batch.tgt_out.data(), rs, false);
  return static_cast<S>(rs.loss_sum / std::max(rs.tokens, 1));
}

template <typename S>
S transformer_loss_and_grad(const TransformerConfig& c, const TransformerWeights<S>& w,
                            const TransformerBatch& batch, TransformerRunState<S>& rs,
                            TransformerWeights<S>& grads, const HeadAblation* ablation) {
  require(check_loss_args(c, w, batch, ablation, "transformer_loss_and_grad"));
  if (grads.enc.size() != w.enc.size() || grads.dec.size() != w.dec.size() ||
      grads.tgt_embed.rows() != w.tgt_embed.rows() ||
      grads.tgt_embed.cols() != w.tgt_embed.cols() ||
      grads.src_embed.size() != w.src_embed.size() ||
      (!w.enc.empty() && grads.enc[0].linear1_weight.rows() != w.enc[0].linear1_weight.rows()))
    transformer_zeros_like(w, grads);
  tf::forward<S>(c, w, batch, rs, ablation);
  cross_entropy<S>(batch.tgt_out.data(), rs, true);
  backward<S>(c, w, batch, rs, grads, ablation);
  return static_cast<S>(rs.loss_sum / std::max(rs.tokens, 1));
}

// ------------------------------------------------------------------------------------------
#define ATTN_TRANSFORMER_INSTANTIATE(S)                                                           \
  template std::vector<MatT<S>*> transformer_param_list<S>(TransformerWeights<S>&);               \
  template void transformer_init<S>(const TransformerConfig&, TransformerWeights<S>&);            \
  template void transformer_zeros_like<S>(const TransformerWeights<S>&, TransformerWeights<S>&);  \
  template long transformer_parameter_count<S>(const TransformerWeights<S>&);                     \
  template std::string check_transformer_weights<S>(const TransformerConfig&,                     \
                                                    const TransformerWeights<S>&, const char*);   \
  template struct TransformerRunState<S>;                                                         \
  template S transformer_loss<S>(const TransformerConfig&, const TransformerWeights<S>&,          \
                                 const TransformerBatch&, TransformerRunState<S>&,                \
                                 const HeadAblation*);                                            \
  template S transformer_loss_and_grad<S>(const TransformerConfig&, const TransformerWeights<S>&, \
                                          const TransformerBatch&, TransformerRunState<S>&,       \
                                          TransformerWeights<S>&, const HeadAblation*);           \
  template void tf::encoder_forward<S>(const TransformerConfig&, const TransformerWeights<S>&,    \
                                       const int*, int, int, TransformerRunState<S>&,             \
                                       const HeadAblation*);                                      \
  template void tf::decoder_forward<S>(const TransformerConfig&, const TransformerWeights<S>&,    \
                                       const int*, const int*, int, int, TransformerRunState<S>&, \
                                       const HeadAblation*);                                      \
  template void tf::forward<S>(const TransformerConfig&, const TransformerWeights<S>&,            \
                               const TransformerBatch&, TransformerRunState<S>&,                  \
                               const HeadAblation*);
ATTN_TRANSFORMER_INSTANTIATE(float)
ATTN_TRANSFORMER_INSTANTIATE(double)
#undef ATTN_TRANSFORMER_INSTANTIATE

}  // namespace attn
