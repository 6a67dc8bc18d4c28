// core/src/gru_attention.hpp — private to the GRU model (seq2seq.cpp): the decoder's attention
// scorer, the one block where the attention kinds differ, forward and backward:
//   kAdditive (Bahdanau)        e_tj = v·tanh(W_q s_{t-1} + W_k h_j)
//   kDot (Luong's "general")    e_tj = (W_a s_{t-1})·h_j
// It writes the scores E; the masked softmax over them and the context c_t = Σ_j α_tj h_j are
// the model's (seq2seq.cpp attend()), shared by both kinds. kNone has no scorer and never
// calls these. Templates on the scalar (float training, double gradient checks); they check
// nothing (callers pass valid shapes) and allocate nothing (the run state's workspaces).
// Workspace rows are time-major as in attn/seq2seq.hpp: block j of B rows is source position j.
#pragma once

#include "attn/seq2seq.hpp"

namespace attn {
namespace gru_attention {

template <typename S>
using Out = Eigen::Ref<MatT<S>>;
template <typename S>
using In = Eigen::Ref<const MatT<S>>;

// Once per batch, after the encoder: additive keys K_j = h_j W_k^T into att_K (T_s*B, a).
template <typename S>
void keys(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, int B, int Ts,
          Seq2SeqRunState<S>& rs) {
  const Eigen::Index ns = Eigen::Index(Ts) * B;
  if (c.attention == AttentionKind::kAdditive)
    rs.att_K.topRows(ns).noalias() = rs.enc_H.middleRows(B, ns) * w.att_Wk.transpose();
}

// Step t: the query of s_prev: (B, h) into att_Q block t, and the scores e_j into
// att_E: (B, T_s) (additive also keeps P_j = tanh(K_j + Q) in att_P for the backward).
template <typename S>
void scores(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, int B, int Ts, int t,
            const In<S>& sprev, Seq2SeqRunState<S>& rs) {
  const Eigen::Index rt = Eigen::Index(t) * B;
  Out<S> Q = rs.att_Q.middleRows(rt, B);
  Out<S> E = rs.att_E.topLeftCorner(B, Ts);
  if (c.attention == AttentionKind::kAdditive) {
    Q.noalias() = sprev * w.att_Wq.transpose();
    for (int j = 0; j < Ts; ++j) {
      Out<S> P = rs.att_P.middleRows((Eigen::Index(t) * Ts + j) * B, B);
      P.array() = (rs.att_K.middleRows(Eigen::Index(j) * B, B) + Q).array().tanh();
      E.col(j).noalias() = P * w.att_v.row(0).transpose();
    }
  } else {
    Q.noalias() = sprev * w.att_Wa.transpose();
    for (int j = 0; j < Ts; ++j)
      E.col(j) = (Q.array() * rs.enc_H.middleRows(Eigen::Index(j + 1) * B, B).array())
                     .rowwise()
                     .sum()
                     .matrix();
  }
}

// Before the decoder's backward loop: the additive keys' gradient d_K starts at 0.
template <typename S>
void backward_start(const Seq2SeqConfig& c, int B, int Ts, Seq2SeqRunState<S>& rs) {
  if (c.attention == AttentionKind::kAdditive) rs.d_K.topRows(Eigen::Index(Ts) * B).setZero();
}

// Step t backwards, with dL/de in att_E: (B, T_s): the query's gradient into d_Q block t
// (and through it dL/ds_{t-1} added to dprev: (B, h)), additive: g.att_v and d_K; dot: d_H.
template <typename S>
void scores_backward(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, int B, int Ts, int t,
                     Seq2SeqRunState<S>& rs, Seq2SeqWeights<S>& g, Out<S> dprev) {
  const Eigen::Index rt = Eigen::Index(t) * B;
  Out<S> dA = rs.att_E.topLeftCorner(B, Ts);
  Out<S> dQ = rs.d_Q.middleRows(rt, B);
  dQ.setZero();
  if (c.attention == AttentionKind::kAdditive) {
    Out<S> dP = rs.tmp_Ba.topRows(B);
    for (int j = 0; j < Ts; ++j) {
      Out<S> P = rs.att_P.middleRows((Eigen::Index(t) * Ts + j) * B, B);
      g.att_v.row(0).noalias() += dA.col(j).transpose() * P;
      dP.noalias() = dA.col(j) * w.att_v.row(0);
      dP.array() *= S(1) - P.array().square();
      rs.d_K.middleRows(Eigen::Index(j) * B, B) += dP;
      dQ += dP;
    }
    dprev.noalias() += dQ * w.att_Wq;
  } else {
    Out<S> Q = rs.att_Q.middleRows(rt, B);
    for (int j = 0; j < Ts; ++j) {
      Out<S> Hj = rs.enc_H.middleRows(Eigen::Index(j + 1) * B, B);
      dQ.array() += Hj.array().colwise() * dA.col(j).array();
      rs.d_H.middleRows(Eigen::Index(j) * B, B).array() += Q.array().colwise() * dA.col(j).array();
    }
    dprev.noalias() += dQ * w.att_Wa;
  }
}

// After the decoder's backward loop: the scorer's weight gradients over all T_t steps at once
// (query projection from the states s_0..s_{T_t-1}; additive: W_k, and the keys' gradient
// passed on to the encoder states in d_H).
template <typename S>
void weight_grads(const Seq2SeqConfig& c, const Seq2SeqWeights<S>& w, int B, int Ts, int Tt,
                  Seq2SeqRunState<S>& rs, Seq2SeqWeights<S>& g) {
  const Eigen::Index nt = Eigen::Index(Tt) * B, ns = Eigen::Index(Ts) * B;
  Out<S> Sprev = rs.dec_S.topRows(nt);
  Out<S> dQall = rs.d_Q.topRows(nt);
  if (c.attention == AttentionKind::kAdditive) {
    g.att_Wq.noalias() = dQall.transpose() * Sprev;
    g.att_Wk.noalias() = rs.d_K.topRows(ns).transpose() * rs.enc_H.middleRows(B, ns);
    rs.d_H.topRows(ns).noalias() += rs.d_K.topRows(ns) * w.att_Wk;
  } else {
    g.att_Wa.noalias() = dQall.transpose() * Sprev;
  }
}

}  // namespace gru_attention
}  // namespace attn
