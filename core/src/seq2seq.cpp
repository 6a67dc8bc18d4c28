// core/src/seq2seq.cpp — the GRU encoder–decoder of attn/seq2seq.hpp (the cell is in gru.cpp,
// the attention scorers in gru_attention.hpp, the masked softmax in masked_softmax.hpp, Adam
// and clipping in adam.cpp): forward passes,
// backpropagation through time, Adam, clipping, greedy decoding, evaluation and the trainer.
// Every matrix product runs over a whole mini-batch (B rows) or a whole sequence (T*B rows);
// the only per-element loops are the masked softmaxes over T_s ≤ 64 positions and the
// embedding gathers/scatters. It does not generate data and does no I/O.
#include "attn/seq2seq.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

// gru_cell.hpp stays before gru_attention.hpp: with the other order, clang 14 (Emscripten)
// mangles the calls to gru::step differently from their definitions in gru.cpp and the link
// fails, so these includes are kept out of clang-format's sorting.
// clang-format off
#include "gru_cell.hpp"
#include "gru_attention.hpp"
#include "masked_softmax.hpp"
// clang-format on

namespace attn {

namespace {

template <typename S>
using M = MatT<S>;
template <typename S>
using Out = Eigen::Ref<M<S>>;  // a writable view (a block of a workspace)
template <typename S>
using In = Eigen::Ref<const M<S>>;

// Every parameter block (empty ones included), in seq2seq_for_each_block's order; the one list
// of the blocks in this file (const_blocks reuses it).
constexpr std::size_t kNumBlocks = 17;
template <typename S>
std::array<M<S>*, kNumBlocks> all_blocks(Seq2SeqWeights<S>& w) {
  return {&w.src_emb, &w.tgt_emb, &w.enc_W,   &w.enc_Uzr, &w.enc_Un, &w.enc_b,
          &w.dec_We,  &w.dec_Wc,  &w.dec_Uzr, &w.dec_Un,  &w.dec_b,  &w.out_W,
          &w.out_b,   &w.att_Wq,  &w.att_Wk,  &w.att_v,   &w.att_Wa};
}
template <typename S>
std::array<const M<S>*, kNumBlocks> const_blocks(const Seq2SeqWeights<S>& w) {
  const std::array<M<S>*, kNumBlocks> all = all_blocks(const_cast<Seq2SeqWeights<S>&>(w));
  std::array<const M<S>*, kNumBlocks> out;
  for (std::size_t k = 0; k < kNumBlocks; ++k) out[k] = all[k];
  return out;
}

// Grows a workspace to at least `rows` rows of exactly `cols` columns (contents undefined).
template <typename S>
void ensure(M<S>& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() < rows || m.cols() != cols) m.resize(std::max(m.rows(), rows), cols);
}

template <typename S>
void size_workspaces(const Seq2SeqConfig& c, int B, int Ts, int Tt, Seq2SeqRunState<S>& rs) {
  const Eigen::Index h = c.hidden, E = c.embed, V = c.tgt_vocab;
  const Eigen::Index a = c.attention == AttentionKind::kAdditive ? c.attn_hidden : c.hidden;
  const Eigen::Index ns = Eigen::Index(Ts) * B, nt = Eigen::Index(Tt) * B;
  ensure(rs.enc_X, ns, E);
  ensure(rs.enc_Gx, ns, 3 * h);
  ensure(rs.enc_Z, ns, h);
  ensure(rs.enc_R, ns, h);
  ensure(rs.enc_N, ns, h);
  ensure(rs.enc_RH, ns, h);
  ensure(rs.enc_H, ns + B, h);
  ensure(rs.dec_X, nt, E);
  ensure(rs.dec_Gx, nt, 3 * h);
  ensure(rs.dec_Z, nt, h);
  ensure(rs.dec_R, nt, h);
  ensure(rs.dec_N, nt, h);
  ensure(rs.dec_RH, nt, h);
  ensure(rs.dec_S, nt + B, h);
  ensure(rs.dec_C, nt, h);
  if (c.attention == AttentionKind::kAdditive) {
    ensure(rs.att_K, ns, a);
    ensure(rs.att_P, nt * Ts, a);
  }
  ensure(rs.att_Q, nt, a);
  ensure(rs.att_A, nt, Eigen::Index(kSeq2SeqMaxLen));
  ensure(rs.att_E, Eigen::Index(B), Eigen::Index(kSeq2SeqMaxLen));
  ensure(rs.probs, nt, V);
  ensure(rs.tmp_Bh, Eigen::Index(B), h);
  ensure(rs.tmp_Bh2, Eigen::Index(B), h);
  ensure(rs.tmp_Bh3, Eigen::Index(B), h);
  ensure(rs.tmp_B2h, Eigen::Index(B), 2 * h);
  ensure(rs.tmp_B3h, Eigen::Index(B), 3 * h);
  ensure(rs.tmp_BV, Eigen::Index(B), V);
  ensure(rs.tmp_Ba, Eigen::Index(B), a);
}

template <typename S>
void size_backward_workspaces(const Seq2SeqConfig& c, int B, int Ts, int Tt,
                              Seq2SeqRunState<S>& rs) {
  const Eigen::Index h = c.hidden, E = c.embed;
  const Eigen::Index a = c.attention == AttentionKind::kAdditive ? c.attn_hidden : c.hidden;
  const Eigen::Index ns = Eigen::Index(Ts) * B, nt = Eigen::Index(Tt) * B;
  ensure(rs.d_S, nt, h);
  ensure(rs.d_C, nt, h);
  ensure(rs.d_decGx, nt, 3 * h);
  ensure(rs.d_encGx, ns, 3 * h);
  ensure(rs.d_H, ns, h);
  if (c.attention == AttentionKind::kAdditive) ensure(rs.d_K, ns, a);
  ensure(rs.d_Q, nt, a);
  ensure(rs.d_X, std::max(ns, nt), E);
}

// ------------------------------------------------------------------------------------------
// Encoder over a batch: fills enc_X, enc_Gx, gates, enc_H. Padded steps (j ≥ src_len[b]) carry
// the state forward unchanged, so block T_s of enc_H is every sentence's own final h_T.
template <typename S>
void encode(const Seq2SeqWeights<S>& w, const int* src, const int* src_len, int B, int Ts,
            Seq2SeqRunState<S>& rs) {
  const Eigen::Index ns = Eigen::Index(Ts) * B;
  // 1. Embeddings X: (T_s*B, E).
  for (Eigen::Index i = 0; i < ns; ++i) rs.enc_X.row(i) = w.src_emb.row(src[i]);
  // 2. Input projections of all steps at once: Gx = X W^T + b, (T_s*B, 3h).
  rs.enc_Gx.topRows(ns).noalias() = rs.enc_X.topRows(ns) * w.enc_W.transpose();
  rs.enc_Gx.topRows(ns).rowwise() += w.enc_b.row(0);
  // 3. The recurrence, h_0 = 0.
  rs.enc_H.topRows(B).setZero();
  for (int j = 0; j < Ts; ++j) {
    const Eigen::Index r0 = Eigen::Index(j) * B;
    gru::step<S>(rs.enc_Gx.middleRows(r0, B), rs.enc_H.middleRows(r0, B), w.enc_Uzr, w.enc_Un,
                 rs.tmp_B2h.topRows(B), rs.enc_Z.middleRows(r0, B), rs.enc_R.middleRows(r0, B),
                 rs.enc_N.middleRows(r0, B), rs.enc_RH.middleRows(r0, B),
                 rs.enc_H.middleRows(r0 + B, B));
    for (int b = 0; b < B; ++b)  // 4. padding: h_{j+1} = h_j
      if (j >= src_len[b]) rs.enc_H.row(r0 + B + b) = rs.enc_H.row(r0 + b);
  }
}

// Attention at decoder step t (row block t of att_Q, att_A, dec_C; blocks t*T_s + j of att_P)
// with query state s_prev: (B, h).
//   1. scores e_j: additive v·tanh(K_j + s_prev W_q^T), dot (s_prev W_a^T)·h_j     (B, T_s)
//   2. α = softmax over j < src_len[b] (max subtracted first; padded j get exactly 0)
//   3. c_t = Σ_j α_j ⊙ h_j                                                          (B, h)
template <typename S>
void attend(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, const int* src_len, int B, int Ts,
            int t, const In<S>& sprev, Seq2SeqRunState<S>& rs) {
  const Eigen::Index rt = Eigen::Index(t) * B;
  gru_attention::scores<S>(c, w, B, Ts, t, sprev, rs);
  Out<S> E = rs.att_E.topLeftCorner(B, Ts);
  Out<S> A = rs.att_A.block(rt, 0, B, Ts);
  for (int b = 0; b < B; ++b) {
    const int len = src_len[b];
    masked_softmax_row<S>(&E(b, 0), &A(b, 0), Ts, S(1), [len](int j) { return j < len; });
  }
  Out<S> C = rs.dec_C.middleRows(rt, B);
  C.setZero();
  for (int j = 0; j < Ts; ++j)
    C.array() +=
        rs.enc_H.middleRows(Eigen::Index(j + 1) * B, B).array().colwise() * A.col(j).array();
}

// Decoder step t: attention (or the fixed context), then the GRU. dec_Gx block t must hold
// emb(y_{t-1}) W_e^T + b on entry; for kNone, tmp_B3h must hold s_0 W_c^T.
template <typename S>
void decoder_step(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, const int* src_len, int B,
                  int Ts, int t, Seq2SeqRunState<S>& rs) {
  const Eigen::Index rt = Eigen::Index(t) * B;
  Out<S> gx = rs.dec_Gx.middleRows(rt, B);
  if (c.attention == AttentionKind::kNone) {
    rs.dec_C.middleRows(rt, B) = rs.dec_S.topRows(B);  // c_t = s_0 = h_T
    gx += rs.tmp_B3h.topRows(B);
  } else {
    attend<S>(c, w, src_len, B, Ts, t, rs.dec_S.middleRows(rt, B), rs);
    gx.noalias() += rs.dec_C.middleRows(rt, B) * w.dec_Wc.transpose();
  }
  gru::step<S>(gx, rs.dec_S.middleRows(rt, B), w.dec_Uzr, w.dec_Un, rs.tmp_B2h.topRows(B),
               rs.dec_Z.middleRows(rt, B), rs.dec_R.middleRows(rt, B), rs.dec_N.middleRows(rt, B),
               rs.dec_RH.middleRows(rt, B), rs.dec_S.middleRows(rt + B, B));
}

// Starts the decoder after encode(): s_0 = h_T, attention keys, the fixed-context projection.
template <typename S>
void decoder_start(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, int B, int Ts,
                   Seq2SeqRunState<S>& rs) {
  const Eigen::Index ns = Eigen::Index(Ts) * B;
  rs.dec_S.topRows(B) = rs.enc_H.middleRows(ns, B);
  gru_attention::keys<S>(c, w, B, Ts, rs);
  if (c.attention == AttentionKind::kNone)
    rs.tmp_B3h.topRows(B).noalias() = rs.dec_S.topRows(B) * w.dec_Wc.transpose();
}

// The full teacher-forced forward pass; returns the summed cross-entropy (in double) and
// leaves softmax outputs in probs (rows of padded targets are 0).
template <typename S>
double forward(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, const Seq2SeqBatch& bt,
               Seq2SeqRunState<S>& rs) {
  const int B = bt.B, Ts = bt.T_s, Tt = bt.T_t;
  const Eigen::Index h = c.hidden, nt = Eigen::Index(Tt) * B;
  size_workspaces(c, B, Ts, Tt, rs);
  // 1. Encoder.
  encode<S>(w, bt.src.data(), bt.src_len.data(), B, Ts, rs);
  // 2. Decoder inputs of all steps: emb(y_{t-1}) W_e^T + b.
  decoder_start<S>(c, w, B, Ts, rs);
  for (Eigen::Index i = 0; i < nt; ++i) rs.dec_X.row(i) = w.tgt_emb.row(bt.tgt_in[i]);
  rs.dec_Gx.topRows(nt).noalias() = rs.dec_X.topRows(nt) * w.dec_We.transpose();
  rs.dec_Gx.topRows(nt).rowwise() += w.dec_b.row(0);
  // 3. The decoder recurrence (teacher forcing).
  for (int t = 0; t < Tt; ++t) decoder_step<S>(c, w, bt.src_len.data(), B, Ts, t, rs);
  // 4. Logits of all steps at once: [s_t; c_t] W_o^T + b_o, (T_t*B, V_t).
  Out<S> L = rs.probs.topRows(nt);
  L.noalias() = rs.dec_S.middleRows(B, nt) * w.out_W.leftCols(h).transpose();
  L.noalias() += rs.dec_C.topRows(nt) * w.out_W.rightCols(h).transpose();
  L.rowwise() += w.out_b.row(0);
  // 5. Softmax (row max subtracted) and cross-entropy −log p(y) = log Σ exp(x − max) − (x_y − max).
  double loss = 0;
  int tokens = 0;
  for (Eigen::Index i = 0; i < nt; ++i) {
    const int y = bt.tgt_out[i];
    Out<S> row = L.row(i);
    if (y == kPad) {
      row.setZero();
      continue;
    }
    const S mx = row.maxCoeff();
    const S xy = row(0, y) - mx;
    row.array() = (row.array() - mx).exp();
    const S sum = row.sum();
    row /= sum;
    loss += static_cast<double>(std::log(sum) - xy);
    ++tokens;
  }
  rs.tokens = tokens;
  return loss;
}

// Scatter-adds rows of dX into the embedding gradient: G.row(ids[i]) += dX.row(i).
template <typename S>
void scatter_rows(const int* ids, Eigen::Index n, const M<S>& dX, M<S>& G) {
  for (Eigen::Index i = 0; i < n; ++i) G.row(ids[i]) += dX.row(i);
}

// Backward of forward() (which must have just run on the same batch), into g (zeroed first).
template <typename S>
void backward(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, const Seq2SeqBatch& bt,
              Seq2SeqRunState<S>& rs, Seq2SeqWeights<S>& g) {
  const int B = bt.B, Ts = bt.T_s, Tt = bt.T_t;
  const Eigen::Index h = c.hidden, nt = Eigen::Index(Tt) * B, ns = Eigen::Index(Ts) * B;
  const bool none = c.attention == AttentionKind::kNone;
  size_backward_workspaces(c, B, Ts, Tt, rs);
  for (M<S>* m : all_blocks(g)) m->setZero();

  // 1. dlogits = (p − onehot(y)) / tokens on rows with a target, 0 on padded rows.
  Out<S> dL = rs.probs.topRows(nt);
  const S inv = S(1) / static_cast<S>(std::max(rs.tokens, 1));
  for (Eigen::Index i = 0; i < nt; ++i) {
    const int y = bt.tgt_out[i];
    if (y == kPad) continue;  // already 0
    dL(i, y) -= S(1);
    dL.row(i) *= inv;
  }
  // 2. Output layer: W_o, b_o; dS_out = dL W_o[:, :h], dC = dL W_o[:, h:].
  g.out_W.leftCols(h).noalias() = dL.transpose() * rs.dec_S.middleRows(B, nt);
  g.out_W.rightCols(h).noalias() = dL.transpose() * rs.dec_C.topRows(nt);
  g.out_b.row(0) = dL.colwise().sum();
  Out<S> dS = rs.d_S.topRows(nt);
  Out<S> dC = rs.d_C.topRows(nt);
  dS.noalias() = dL * w.out_W.leftCols(h);
  dC.noalias() = dL * w.out_W.rightCols(h);

  // 3. Decoder recurrence, backwards in time.
  if (!none) {
    rs.d_H.topRows(ns).setZero();
    gru_attention::backward_start<S>(c, B, Ts, rs);
  }
  Out<S> dnext = rs.tmp_Bh.topRows(B);  // dL/ds_t from steps > t
  Out<S> dh = rs.tmp_Bh2.topRows(B);
  Out<S> drh = rs.tmp_Bh3.topRows(B);
  dnext.setZero();
  for (int t = Tt - 1; t >= 0; --t) {
    const Eigen::Index rt = Eigen::Index(t) * B;
    dh = dS.middleRows(rt, B) + dnext;
    Out<S> dgx = rs.d_decGx.middleRows(rt, B);
    gru::step_backward<S>(dh, rs.dec_S.middleRows(rt, B), rs.dec_Z.middleRows(rt, B),
                          rs.dec_R.middleRows(rt, B), rs.dec_N.middleRows(rt, B), w.dec_Uzr,
                          w.dec_Un, dgx, dnext, drh);
    if (none) continue;  // c_t = s_0: summed after the loop
    // 3a. Context c_t → α_t and h_j.
    Out<S> dc = dC.middleRows(rt, B);
    dc.noalias() += dgx * w.dec_Wc;
    Out<S> A = rs.att_A.block(rt, 0, B, Ts);
    Out<S> dA = rs.att_E.topLeftCorner(B, Ts);
    for (int j = 0; j < Ts; ++j) {
      Out<S> Hj = rs.enc_H.middleRows(Eigen::Index(j + 1) * B, B);
      dA.col(j) = (dc.array() * Hj.array()).rowwise().sum().matrix();
      rs.d_H.middleRows(Eigen::Index(j) * B, B).array() += dc.array().colwise() * A.col(j).array();
    }
    // 3b. Softmax: de_j = α_j (dα_j − Σ_k α_k dα_k); padded j have α = 0 → de = 0.
    for (int b = 0; b < B; ++b) {
      const S dot = A.row(b).dot(dA.row(b));
      dA.row(b).array() = A.row(b).array() * (dA.row(b).array() - dot);
    }
    // 3c. Scores → query (→ s_{t-1}) and keys (attention kind by kind: gru_attention.hpp).
    gru_attention::scores_backward<S>(c, w, B, Ts, t, rs, g, dnext);
  }
  // dnext now holds dL/ds_0 through the recurrence.

  // 4. Decoder weight gradients over all steps at once.
  Out<S> dGx = rs.d_decGx.topRows(nt);
  g.dec_We.noalias() = dGx.transpose() * rs.dec_X.topRows(nt);
  g.dec_b.row(0) = dGx.colwise().sum();
  g.dec_Uzr.noalias() = dGx.leftCols(2 * h).transpose() * rs.dec_S.topRows(nt);
  g.dec_Un.noalias() = dGx.rightCols(h).transpose() * rs.dec_RH.topRows(nt);
  rs.d_X.topRows(nt).noalias() = dGx * w.dec_We;
  scatter_rows<S>(bt.tgt_in.data(), nt, rs.d_X, g.tgt_emb);
  if (none) {
    // c_t = s_0 for every t: dL/ds_0 += Σ_t (dC_t + dGx_t W_c); dW_c = (Σ_t dGx_t)^T s_0.
    Out<S> sum_dgx = rs.tmp_B3h.topRows(B);
    sum_dgx.setZero();
    for (int t = 0; t < Tt; ++t) {
      sum_dgx += dGx.middleRows(Eigen::Index(t) * B, B);
      dnext += dC.middleRows(Eigen::Index(t) * B, B);
    }
    g.dec_Wc.noalias() = sum_dgx.transpose() * rs.dec_S.topRows(B);
    dnext.noalias() += sum_dgx * w.dec_Wc;
  } else {
    g.dec_Wc.noalias() = dGx.transpose() * rs.dec_C.topRows(nt);
    gru_attention::weight_grads<S>(c, w, B, Ts, Tt, rs, g);
  }

  // 5. Encoder recurrence, backwards; s_0 = h_T adds dnext to the last state.
  Out<S> pass = rs.tmp_B3h.topLeftCorner(B, h);
  for (int j = Ts - 1; j >= 0; --j) {
    const Eigen::Index r0 = Eigen::Index(j) * B;
    if (none)
      dh = dnext;
    else
      dh = rs.d_H.middleRows(r0, B) + dnext;
    // Padded step (h_{j+1} = h_j): its gradient passes straight through, the gates get none.
    bool any_pad = false;
    for (int b = 0; b < B; ++b)
      if (j >= bt.src_len[b]) {
        any_pad = true;
        pass.row(b) = dh.row(b);
        dh.row(b).setZero();
      }
    gru::step_backward<S>(dh, rs.enc_H.middleRows(r0, B), rs.enc_Z.middleRows(r0, B),
                          rs.enc_R.middleRows(r0, B), rs.enc_N.middleRows(r0, B), w.enc_Uzr,
                          w.enc_Un, rs.d_encGx.middleRows(r0, B), dnext, drh);
    if (any_pad)
      for (int b = 0; b < B; ++b)
        if (j >= bt.src_len[b]) dnext.row(b) += pass.row(b);
  }
  Out<S> dGe = rs.d_encGx.topRows(ns);
  g.enc_W.noalias() = dGe.transpose() * rs.enc_X.topRows(ns);
  g.enc_b.row(0) = dGe.colwise().sum();
  g.enc_Uzr.noalias() = dGe.leftCols(2 * h).transpose() * rs.enc_H.topRows(ns);
  g.enc_Un.noalias() = dGe.rightCols(h).transpose() * rs.enc_RH.topRows(ns);
  rs.d_X.topRows(ns).noalias() = dGe * w.enc_W;
  scatter_rows<S>(bt.src.data(), ns, rs.d_X, g.src_emb);
}

template <typename S>
void init_block(M<S>& m, Eigen::Index rows, Eigen::Index cols, double bound, Rng& rng) {
  m.resize(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j)
      m(i, j) = static_cast<S>(static_cast<float>((2.0 * rng.uniform_double() - 1.0) * bound));
}

}  // namespace

// ------------------------------------------------------------------------------------------
std::string check_seq2seq_config(const Seq2SeqConfig& c, const char* fn) {
  Msg s;
  auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  if (!in(c.src_vocab, kNumSpecial + 1, kSeq2SeqMaxVocab) ||
      !in(c.tgt_vocab, kNumSpecial + 1, kSeq2SeqMaxVocab)) {
    s << fn << ": src_vocab and tgt_vocab must be in [" << kNumSpecial + 1 << ", "
      << kSeq2SeqMaxVocab << "], got " << c.src_vocab << " and " << c.tgt_vocab;
  } else if (!in(c.embed, 1, kSeq2SeqMaxWidth) || !in(c.hidden, 1, kSeq2SeqMaxWidth) ||
             !in(c.attn_hidden, 1, kSeq2SeqMaxWidth)) {
    s << fn << ": embed (E), hidden (h) and attn_hidden (a) must be in [1, " << kSeq2SeqMaxWidth
      << "], got E " << c.embed << ", h " << c.hidden << ", a " << c.attn_hidden;
  } else if (c.attention != AttentionKind::kNone && c.attention != AttentionKind::kAdditive &&
             c.attention != AttentionKind::kDot) {
    s << fn << ": attention must be none (0), additive (1) or dot (2), got "
      << static_cast<int>(c.attention);
  }
  return s.str();
}

template <typename S>
void seq2seq_init(const Seq2SeqConfig& c, Seq2SeqWeights<S>& w) {
  require(check_seq2seq_config(c, "seq2seq_init"));
  const Eigen::Index V_s = c.src_vocab, V_t = c.tgt_vocab, E = c.embed, h = c.hidden,
                     a = c.attn_hidden;
  Rng rng(c.seed);
  const double kh = 1.0 / std::sqrt(static_cast<double>(h));
  const double kE = 1.0 / std::sqrt(static_cast<double>(E));
  init_block(w.src_emb, V_s, E, 1.0, rng);
  init_block(w.tgt_emb, V_t, E, 1.0, rng);
  init_block(w.enc_W, 3 * h, E, kE, rng);
  init_block(w.enc_Uzr, 2 * h, h, kh, rng);
  init_block(w.enc_Un, h, h, kh, rng);
  w.enc_b = M<S>::Zero(1, 3 * h);
  init_block(w.dec_We, 3 * h, E, kE, rng);
  init_block(w.dec_Wc, 3 * h, h, kh, rng);
  init_block(w.dec_Uzr, 2 * h, h, kh, rng);
  init_block(w.dec_Un, h, h, kh, rng);
  w.dec_b = M<S>::Zero(1, 3 * h);
  init_block(w.out_W, V_t, 2 * h, 1.0 / std::sqrt(2.0 * static_cast<double>(h)), rng);
  w.out_b = M<S>::Zero(1, V_t);
  w.att_Wq.resize(0, 0);
  w.att_Wk.resize(0, 0);
  w.att_v.resize(0, 0);
  w.att_Wa.resize(0, 0);
  if (c.attention == AttentionKind::kAdditive) {
    init_block(w.att_Wq, a, h, kh, rng);
    init_block(w.att_Wk, a, h, kh, rng);
    init_block(w.att_v, 1, a, 1.0 / std::sqrt(static_cast<double>(a)), rng);
  } else if (c.attention == AttentionKind::kDot) {
    init_block(w.att_Wa, h, h, kh, rng);
  }
}

template <typename S>
void seq2seq_zeros_like(const Seq2SeqWeights<S>& like, Seq2SeqWeights<S>& out) {
  const std::array<const M<S>*, kNumBlocks> src = const_blocks(like);
  const std::array<M<S>*, kNumBlocks> dst = all_blocks(out);
  for (std::size_t k = 0; k < kNumBlocks; ++k) dst[k]->setZero(src[k]->rows(), src[k]->cols());
}

template <typename S>
long seq2seq_parameter_count(const Seq2SeqWeights<S>& w) {
  long n = 0;
  for (const M<S>* m : const_blocks(w)) n += static_cast<long>(m->size());
  return n;
}

std::string check_seq2seq_make_batch(const std::vector<Example>& examples,
                                     const std::vector<int>& indices) {
  Msg s;
  if (indices.empty() || indices.size() > static_cast<std::size_t>(kSeq2SeqMaxBatch)) {
    s << "seq2seq_make_batch: indices must hold 1.." << kSeq2SeqMaxBatch << " entries, got "
      << indices.size();
    return s.str();
  }
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const int k = indices[i];
    if (k < 0 || static_cast<std::size_t>(k) >= examples.size()) {
      s << "seq2seq_make_batch: indices[" << i << "] = " << k << " is outside [0, "
        << examples.size() << ")";
      return s.str();
    }
    const Example& e = examples[static_cast<std::size_t>(k)];
    if (e.src.empty() || e.src.size() > static_cast<std::size_t>(kSeq2SeqMaxLen) ||
        e.tgt.size() + 1 > static_cast<std::size_t>(kSeq2SeqMaxLen)) {
      s << "seq2seq_make_batch: example " << k << " has " << e.src.size() << " source and "
        << e.tgt.size() << " target tokens; need 1.." << kSeq2SeqMaxLen << " and 0.."
        << kSeq2SeqMaxLen - 1;
      return s.str();
    }
  }
  return s.str();
}

void seq2seq_make_batch(const std::vector<Example>& examples, const std::vector<int>& indices,
                        Seq2SeqBatch& out) {
  require(check_seq2seq_make_batch(examples, indices));
  const int B = static_cast<int>(indices.size());
  int Ts = 0, Tt = 0;
  for (int k : indices) {
    const Example& e = examples[static_cast<std::size_t>(k)];
    Ts = std::max(Ts, static_cast<int>(e.src.size()));
    Tt = std::max(Tt, static_cast<int>(e.tgt.size()) + 1);
  }
  out.B = B;
  out.T_s = Ts;
  out.T_t = Tt;
  out.src.assign(static_cast<std::size_t>(Ts * B), kPad);
  out.src_len.assign(static_cast<std::size_t>(B), 0);
  out.tgt_in.assign(static_cast<std::size_t>(Tt * B), kPad);
  out.tgt_out.assign(static_cast<std::size_t>(Tt * B), kPad);
  for (int b = 0; b < B; ++b) {
    const Example& e = examples[static_cast<std::size_t>(indices[static_cast<std::size_t>(b)])];
    const int n_s = static_cast<int>(e.src.size()), n_t = static_cast<int>(e.tgt.size());
    out.src_len[b] = n_s;
    for (int j = 0; j < n_s; ++j) out.src[j * B + b] = e.src[j];
    out.tgt_in[b] = kBos;
    for (int t = 0; t < n_t; ++t) {
      out.tgt_in[(t + 1) * B + b] = e.tgt[t];
      out.tgt_out[t * B + b] = e.tgt[t];
    }
    out.tgt_out[n_t * B + b] = kEos;
  }
}

std::string check_seq2seq_batch(const Seq2SeqConfig& c, const Seq2SeqBatch& bt, const char* fn) {
  Msg s;
  const std::string cfg = check_seq2seq_config(c, fn);
  if (!cfg.empty()) return cfg;
  if (bt.B < 1 || bt.B > kSeq2SeqMaxBatch || bt.T_s < 1 || bt.T_s > kSeq2SeqMaxLen || bt.T_t < 1 ||
      bt.T_t > kSeq2SeqMaxLen) {
    s << fn << ": batch has B " << bt.B << ", T_s " << bt.T_s << ", T_t " << bt.T_t
      << "; need 1 <= B <= " << kSeq2SeqMaxBatch << " and 1 <= T <= " << kSeq2SeqMaxLen;
    return s.str();
  }
  const std::size_t ns = static_cast<std::size_t>(bt.T_s * bt.B);
  const std::size_t nt = static_cast<std::size_t>(bt.T_t * bt.B);
  if (bt.src.size() != ns || bt.src_len.size() != static_cast<std::size_t>(bt.B) ||
      bt.tgt_in.size() != nt || bt.tgt_out.size() != nt) {
    s << fn << ": batch vectors have sizes src " << bt.src.size() << ", src_len "
      << bt.src_len.size() << ", tgt_in " << bt.tgt_in.size() << ", tgt_out " << bt.tgt_out.size()
      << "; need " << ns << ", " << bt.B << ", " << nt << ", " << nt;
    return s.str();
  }
  for (int b = 0; b < bt.B; ++b)
    if (bt.src_len[b] < 1 || bt.src_len[b] > bt.T_s) {
      s << fn << ": src_len[" << b << "] = " << bt.src_len[b] << " is outside [1, " << bt.T_s
        << "]";
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

template <typename S>
S seq2seq_loss(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, const Seq2SeqBatch& batch,
               Seq2SeqRunState<S>& rs) {
  require(check_seq2seq_batch(c, batch, "seq2seq_loss"));
  const double sum = forward<S>(c, w, batch, rs);
  return static_cast<S>(sum / std::max(rs.tokens, 1));
}

template <typename S>
S seq2seq_loss_and_grad(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w,
                        const Seq2SeqBatch& batch, Seq2SeqRunState<S>& rs,
                        Seq2SeqWeights<S>& grads) {
  require(check_seq2seq_batch(c, batch, "seq2seq_loss_and_grad"));
  if (grads.src_emb.rows() != w.src_emb.rows() || grads.out_W.rows() != w.out_W.rows() ||
      grads.att_v.size() != w.att_v.size() || grads.att_Wa.size() != w.att_Wa.size() ||
      grads.enc_Un.size() != w.enc_Un.size() || grads.src_emb.cols() != w.src_emb.cols())
    seq2seq_zeros_like(w, grads);
  const double sum = forward<S>(c, w, batch, rs);
  backward<S>(c, w, batch, rs, grads);
  return static_cast<S>(sum / std::max(rs.tokens, 1));
}

template <typename S>
S seq2seq_clip_grad_norm(Seq2SeqWeights<S>& grads, S max_norm) {
  std::vector<M<S>*> g;
  for (M<S>* m : all_blocks(grads)) g.push_back(m);
  return clip_grad_norm<S>(g, max_norm);
}

template <typename S>
void adam_step(const AdamConfig& a, Seq2SeqWeights<S>& w, const Seq2SeqWeights<S>& grads,
               AdamState<S>& st) {
  // The generic step (attn/adam.hpp) over the non-empty blocks, in seq2seq_for_each_block's
  // order; the moments are created on the first step.
  std::vector<M<S>*> pw;
  std::vector<const M<S>*> pg;
  const std::array<M<S>*, kNumBlocks> w_all = all_blocks(w);
  const std::array<const M<S>*, kNumBlocks> g_all = const_blocks(grads);
  for (std::size_t k = 0; k < kNumBlocks; ++k) {
    if (w_all[k]->size() == 0) continue;
    pw.push_back(w_all[k]);
    pg.push_back(g_all[k]);
  }
  adam_step<S>(a, pw, pg, st);
}

// ------------------------------------------------------------------------------------------
namespace {

// Greedy decoding of a batch after the checks: tokens[b] gets sentence b's ids (without <eos>),
// probs (if non-null) the probability of each id chosen for sentence 0. Returns the steps run;
// the workspaces then hold every step's α_t, c_t and s_t.
int greedy_core(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w, const int* src,
                const int* src_len, int B, int Ts, int max_steps, Seq2SeqRunState<float>& rs,
                std::vector<std::vector<int>>& tokens, std::vector<char>& finished,
                std::vector<float>* probs) {
  const Eigen::Index h = c.hidden;
  size_workspaces<float>(c, B, Ts, max_steps, rs);
  // 1. Encoder and decoder start, as in training.
  encode<float>(w, src, src_len, B, Ts, rs);
  decoder_start<float>(c, w, B, Ts, rs);
  tokens.assign(static_cast<std::size_t>(B), std::vector<int>());
  finished.assign(static_cast<std::size_t>(B), 0);
  if (probs) probs->clear();
  std::vector<int> y(static_cast<std::size_t>(B), kBos);
  int done = 0, steps = 0;
  for (int t = 0; t < max_steps && done < B; ++t) {
    const Eigen::Index rt = Eigen::Index(t) * B;
    // 2. Input: the previous greedy choice, emb(y_{t-1}) W_e^T + b.
    for (int b = 0; b < B; ++b) rs.dec_X.row(rt + b) = w.tgt_emb.row(y[b]);
    Out<float> gx = rs.dec_Gx.middleRows(rt, B);
    gx.noalias() = rs.dec_X.middleRows(rt, B) * w.dec_We.transpose();
    gx.rowwise() += w.dec_b.row(0);
    // 3. Context and GRU step.
    decoder_step<float>(c, w, src_len, B, Ts, t, rs);
    // 4. Logits [s_t; c_t] W_o^T + b_o and the argmax (first maximum on ties).
    Out<float> L = rs.tmp_BV.topRows(B);
    L.noalias() = rs.dec_S.middleRows(rt + B, B) * w.out_W.leftCols(h).transpose();
    L.noalias() += rs.dec_C.middleRows(rt, B) * w.out_W.rightCols(h).transpose();
    L.rowwise() += w.out_b.row(0);
    for (int b = 0; b < B; ++b) {
      Eigen::Index arg = 0;
      const float mx = L.row(b).maxCoeff(&arg);
      if (probs && b == 0 && !finished[0])
        probs->push_back(1.0f / (L.row(0).array() - mx).exp().sum());
      y[b] = static_cast<int>(arg);
      if (finished[b]) continue;
      if (y[b] == kEos) {
        finished[b] = 1;
        ++done;
      } else {
        tokens[b].push_back(y[b]);
      }
    }
    steps = t + 1;
  }
  return steps;
}

}  // namespace

std::string check_seq2seq_greedy_decode(const Seq2SeqConfig& c, const std::vector<int>& src,
                                        int max_steps) {
  const char* fn = "seq2seq_greedy_decode";
  std::string cfg = check_seq2seq_config(c, fn);
  if (!cfg.empty()) return cfg;
  Msg s;
  if (src.empty() || src.size() > static_cast<std::size_t>(kSeq2SeqMaxLen)) {
    s << fn << ": src must hold 1.." << kSeq2SeqMaxLen << " ids, got " << src.size();
  } else if (max_steps < 1 || max_steps > kSeq2SeqMaxLen) {
    s << fn << ": max_steps must be in [1, " << kSeq2SeqMaxLen << "], got " << max_steps;
  } else {
    for (std::size_t i = 0; i < src.size(); ++i)
      if (src[i] < 0 || src[i] >= c.src_vocab) {
        s << fn << ": src[" << i << "] = " << src[i] << " is outside [0, " << c.src_vocab << ")";
        break;
      }
  }
  return s.str();
}

void seq2seq_greedy_decode(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w,
                           const std::vector<int>& src, int max_steps, Seq2SeqRunState<float>& rs,
                           Seq2SeqDecode& out) {
  require(check_seq2seq_greedy_decode(c, src, max_steps));
  const int len = static_cast<int>(src.size());
  std::vector<std::vector<int>> tokens;
  std::vector<char> finished;
  const int steps =
      greedy_core(c, w, src.data(), &len, 1, len, max_steps, rs, tokens, finished, &out.prob);
  out.tokens = tokens[0];
  out.finished = finished[0] != 0;
  const Eigen::Index n = static_cast<Eigen::Index>(out.prob.size());  // steps until <eos>
  (void)steps;
  if (c.attention == AttentionKind::kNone)
    out.attention.resize(n, 0);
  else
    out.attention = rs.att_A.topLeftCorner(n, len);
  out.context = rs.dec_C.topRows(n);
  out.states = rs.dec_S.middleRows(1, n);
  out.encoder = rs.enc_H.middleRows(1, len);
}

void seq2seq_greedy_decode_batch(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w,
                                 const Seq2SeqBatch& batch, int max_steps,
                                 Seq2SeqRunState<float>& rs, std::vector<std::vector<int>>& out) {
  const char* fn = "seq2seq_greedy_decode_batch";
  require(check_seq2seq_config(c, fn));
  Msg s;
  if (batch.B < 1 || batch.B > kSeq2SeqMaxBatch || batch.T_s < 1 || batch.T_s > kSeq2SeqMaxLen ||
      batch.src.size() != static_cast<std::size_t>(batch.T_s * batch.B) ||
      batch.src_len.size() != static_cast<std::size_t>(batch.B) || max_steps < 1 ||
      max_steps > kSeq2SeqMaxLen) {
    s << fn << ": batch (B " << batch.B << ", T_s " << batch.T_s << ", src " << batch.src.size()
      << ", src_len " << batch.src_len.size() << ") or max_steps " << max_steps
      << " is inconsistent or beyond the limits";
  } else {
    for (int b = 0; b < batch.B && s.str().empty(); ++b)
      if (batch.src_len[b] < 1 || batch.src_len[b] > batch.T_s)
        s << fn << ": src_len[" << b << "] = " << batch.src_len[b] << " is outside [1, "
          << batch.T_s << "]";
    for (std::size_t i = 0; i < batch.src.size() && s.str().empty(); ++i)
      if (batch.src[i] < 0 || batch.src[i] >= c.src_vocab)
        s << fn << ": src[" << i << "] = " << batch.src[i] << " is outside [0, " << c.src_vocab
          << ")";
  }
  require(s.str());
  std::vector<char> finished;
  greedy_core(c, w, batch.src.data(), batch.src_len.data(), batch.B, batch.T_s, max_steps, rs, out,
              finished, nullptr);
}

void seq2seq_evaluate_by_length(const Seq2SeqConfig& c, const Seq2SeqWeights<float>& w,
                                const std::vector<Example>& examples, int batch_size,
                                Seq2SeqRunState<float>& rs, std::vector<LengthAccuracy>& out) {
  if (examples.empty() || batch_size < 1 || batch_size > kSeq2SeqMaxBatch) {
    Msg s;
    s << "seq2seq_evaluate_by_length: need at least one example and 1 <= batch_size <= "
      << kSeq2SeqMaxBatch << ", got " << examples.size() << " examples, batch_size " << batch_size;
    fail(s.str());
  }
  int lo = kSeq2SeqMaxLen, hi = 0;
  for (const Example& e : examples) {
    lo = std::min(lo, static_cast<int>(e.src.size()));
    hi = std::max(hi, static_cast<int>(e.src.size()));
  }
  out.assign(static_cast<std::size_t>(std::max(hi - lo + 1, 1)), LengthAccuracy());
  for (std::size_t k = 0; k < out.size(); ++k) out[k].length = lo + static_cast<int>(k);
  std::vector<int> idx;
  Seq2SeqBatch bt;
  std::vector<std::vector<int>> decoded;
  const int n = static_cast<int>(examples.size());
  for (int start = 0; start < n; start += batch_size) {
    idx.clear();
    for (int i = start; i < std::min(n, start + batch_size); ++i) idx.push_back(i);
    seq2seq_make_batch(examples, idx, bt);  // validates the examples
    seq2seq_greedy_decode_batch(c, w, bt, bt.T_t, rs, decoded);
    for (std::size_t b = 0; b < idx.size(); ++b) {
      const Example& e = examples[static_cast<std::size_t>(idx[b])];
      LengthAccuracy& acc = out[e.src.size() - static_cast<std::size_t>(lo)];
      const std::vector<int>& d = decoded[b];
      ++acc.sentences;
      acc.tokens += static_cast<int>(e.tgt.size());
      for (std::size_t i = 0; i < e.tgt.size(); ++i)
        if (i < d.size() && d[i] == e.tgt[i]) ++acc.correct;
      if (d == e.tgt) ++acc.exact;
    }
  }
}

// ------------------------------------------------------------------------------------------
std::string check_seq2seq_trainer(const Seq2SeqTrainerConfig& c) {
  std::string s = check_make_task(c.task);
  if (!s.empty()) return "Seq2SeqTrainer: " + s;
  if (c.task.kind == TaskKind::kInduction)
    return "Seq2SeqTrainer: task induction (2) has no source sentence; the GRU trains on "
           "translation (0) or reversal (1)";
  Vocab vs, vt;
  task_vocabularies(c.task.kind, vs, vt);
  Seq2SeqConfig m = c.model;
  m.src_vocab = vs.size();
  m.tgt_vocab = vt.size();
  s = check_seq2seq_config(m, "Seq2SeqTrainer");
  if (!s.empty()) return s;
  s = check_adam_config(c.adam, "Seq2SeqTrainer");
  if (!s.empty()) return s;
  if (c.batch_size < 1 || c.batch_size > kSeq2SeqMaxBatch || c.batch_size > c.task.train_size) {
    Msg o;
    o << "Seq2SeqTrainer: batch_size must be in [1, min(" << kSeq2SeqMaxBatch << ", train_size "
      << c.task.train_size << ")], got " << c.batch_size;
    return o.str();
  }
  return "";
}

Seq2SeqTrainer::Seq2SeqTrainer(const Seq2SeqTrainerConfig& config)
    : config_(config), rng_(config.shuffle_seed) {
  require(check_seq2seq_trainer(config));
  make_task(config_.task, task_);
  config_.model.src_vocab = task_.src_vocab.size();
  config_.model.tgt_vocab = task_.tgt_vocab.size();
  seq2seq_init(config_.model, w_);
  seq2seq_zeros_like(w_, g_);
}

// The next mini-batch. Each epoch: shuffle the training set, sort it by source length (stable,
// so equal lengths stay shuffled), cut it into batches of B (the remainder waits for the next
// epoch), shuffle the batch order. Batches of one length need no padding.
void Seq2SeqTrainer::next_batch() {
  const std::size_t B = static_cast<std::size_t>(config_.batch_size);
  if (order_.empty() || cursor_ + B > order_.size()) {
    if (!order_.empty()) ++epoch_;
    const std::size_t n = task_.train.size();
    std::vector<int> perm(n);
    for (std::size_t i = 0; i < n; ++i) perm[i] = static_cast<int>(i);
    for (std::size_t i = n; i > 1; --i)
      std::swap(perm[i - 1], perm[static_cast<std::size_t>(rng_.uniform_int(static_cast<int>(i)))]);
    std::stable_sort(perm.begin(), perm.end(), [&](int x, int y) {
      return task_.train[static_cast<std::size_t>(x)].src.size() <
             task_.train[static_cast<std::size_t>(y)].src.size();
    });
    const std::size_t n_batches = n / B;
    std::vector<int> batch_order(n_batches);
    for (std::size_t i = 0; i < n_batches; ++i) batch_order[i] = static_cast<int>(i);
    for (std::size_t i = n_batches; i > 1; --i)
      std::swap(batch_order[i - 1],
                batch_order[static_cast<std::size_t>(rng_.uniform_int(static_cast<int>(i)))]);
    order_.clear();
    for (int k : batch_order)
      order_.insert(order_.end(), perm.begin() + static_cast<long>(k * B),
                    perm.begin() + static_cast<long>((k + 1) * B));
    cursor_ = 0;
  }
  indices_.assign(order_.begin() + static_cast<long>(cursor_),
                  order_.begin() + static_cast<long>(cursor_ + B));
  cursor_ += B;
  seq2seq_make_batch(task_.train, indices_, batch_);
}

float Seq2SeqTrainer::train_steps(int n) {
  if (n < 1 || n > 1000000) {
    Msg s;
    s << "Seq2SeqTrainer.train_steps: n must be in [1, 1000000], got " << n;
    fail(s.str());
  }
  double total = 0;
  for (int i = 0; i < n; ++i) {
    next_batch();
    total += seq2seq_loss_and_grad(config_.model, w_, batch_, rs_, g_);
    last_norm_ = seq2seq_clip_grad_norm(g_, config_.adam.clip);
    adam_step(config_.adam, w_, g_, adam_);
    ++steps_;
  }
  return static_cast<float>(total / n);
}

void Seq2SeqTrainer::reset_optimizer() { adam_ = AdamState<float>(); }

std::uint32_t seq2seq_weights_checksum(const Seq2SeqWeights<float>& w) {
  std::uint32_t h = 2166136261u;
  seq2seq_for_each_block(const_cast<Seq2SeqWeights<float>&>(w), [&](const char*, Mat& m) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(m.data());
    const std::size_t n = sizeof(float) * static_cast<std::size_t>(m.size());
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  });
  return h;
}

void Seq2SeqTrainer::evaluate(std::vector<LengthAccuracy>& out) {
  seq2seq_evaluate_by_length(config_.model, w_, task_.test, 64, rs_, out);
}

void Seq2SeqTrainer::translate(const std::vector<int>& src, Seq2SeqDecode& out) {
  const int max_steps = std::min(kSeq2SeqMaxLen, 2 * static_cast<int>(src.size()) + 2);
  seq2seq_greedy_decode(config_.model, w_, src, max_steps, rs_, out);
}

// ------------------------------------------------------------------------------------------
#define ATTN_SEQ2SEQ_INSTANTIATE(S)                                                               \
  template void seq2seq_init<S>(const Seq2SeqConfig&, Seq2SeqWeights<S>&);                        \
  template void seq2seq_zeros_like<S>(const Seq2SeqWeights<S>&, Seq2SeqWeights<S>&);              \
  template long seq2seq_parameter_count<S>(const Seq2SeqWeights<S>&);                             \
  template S seq2seq_loss<S>(const Seq2SeqConfig&, const Seq2SeqWeights<S>&, const Seq2SeqBatch&, \
                             Seq2SeqRunState<S>&);                                                \
  template S seq2seq_loss_and_grad<S>(const Seq2SeqConfig&, const Seq2SeqWeights<S>&,             \
                                      const Seq2SeqBatch&, Seq2SeqRunState<S>&,                   \
                                      Seq2SeqWeights<S>&);                                        \
  template S seq2seq_clip_grad_norm<S>(Seq2SeqWeights<S>&, S);                                    \
  template void adam_step<S>(const AdamConfig&, Seq2SeqWeights<S>&, const Seq2SeqWeights<S>&,     \
                             AdamState<S>&);
ATTN_SEQ2SEQ_INSTANTIATE(float)
ATTN_SEQ2SEQ_INSTANTIATE(double)
#undef ATTN_SEQ2SEQ_INSTANTIATE

}  // namespace attn
