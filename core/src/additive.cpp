// core/src/additive.cpp — additive (Bahdanau) attention (attn/additive.hpp).
// Forward only; the trainer's backward pass is in seq2seq.cpp.
#include "attn/additive.hpp"

#include "attn/mask.hpp"
#include "attn/softmax.hpp"

namespace attn {

std::string check_additive_attention(const MatRef& Q, const MatRef& K, const MatRef& V,
                                     const AdditiveWeights& w, const Mat* mask, const char* fn) {
  std::string e;
  if (!(e = check_matrix(fn, "Q", Q)).empty()) return e;
  if (!(e = check_matrix(fn, "K", K)).empty()) return e;
  if (!(e = check_matrix(fn, "V", V)).empty()) return e;
  if (!(e = check_matrix(fn, "params.Wq", w.Wq, kMaxWidth, kMaxWidth)).empty()) return e;
  if (!(e = check_matrix(fn, "params.Wk", w.Wk, kMaxWidth, kMaxWidth)).empty()) return e;
  Msg s;
  if (V.rows() != K.rows()) {
    s << fn << ": V has " << V.rows() << " rows but K has " << K.rows() << " (K: " << shape(K)
      << ", V: " << shape(V) << "); both must have T_k rows";
  } else if (w.Wq.cols() != Q.cols()) {
    s << fn << ": params.Wq is " << shape(w.Wq) << " but must be (h, d_q) with d_q = " << Q.cols()
      << " (Q: " << shape(Q) << ")";
  } else if (w.Wk.cols() != K.cols()) {
    s << fn << ": params.Wk is " << shape(w.Wk) << " but must be (h, d_k) with d_k = " << K.cols()
      << " (K: " << shape(K) << ")";
  } else if (w.Wk.rows() != w.Wq.rows()) {
    s << fn << ": params.Wk has " << w.Wk.rows() << " rows but params.Wq has " << w.Wq.rows()
      << " (Wq: " << shape(w.Wq) << ", Wk: " << shape(w.Wk) << "); both must have h rows";
  } else if (Q.rows() * K.rows() * w.Wq.rows() > 16 * kMaxElements) {
    s << fn << ": T_q · T_k · h = " << Q.rows() << " · " << K.rows() << " · " << w.Wq.rows()
      << " is over the work limit of " << 16 * kMaxElements;
  } else if (!(e = check_vector(fn, "params.v", w.v, w.Wq.rows())).empty()) {
    return e;
  } else if (mask != nullptr) {
    return check_mask(fn, "mask", *mask, Q.rows(), K.rows());
  }
  return s.str();
}

void additive_attention(const MatRef& Q, const MatRef& K, const MatRef& V, const AdditiveWeights& w,
                        const Mat* mask, AdditiveResult& out) {
  require(check_additive_attention(Q, K, V, w, mask));
  const Eigen::Index T_q = Q.rows(), T_k = K.rows(), h = w.Wq.rows();
  // 1. Project queries and keys into the shared hidden space.
  Mat pq(T_q, h);  // pq: (T_q, h) = Q · Wqᵀ
  Mat pk(T_k, h);  // pk: (T_k, h) = K · Wkᵀ
  pq.noalias() = Q * w.Wq.transpose();
  pk.noalias() = K * w.Wk.transpose();
  // 2. score(i, j) = v · tanh(pq_i + pk_j): a one-hidden-layer network on each (query, key).
  out.scores.resize(T_q, T_k);
  Mat hidden(T_k, h);  // hidden: (T_k, h), tanh(pq_i + pk_j) for one query i
  for (Eigen::Index i = 0; i < T_q; ++i) {
    hidden = (pk.rowwise() + pq.row(i)).array().tanh().matrix();
    out.scores.row(i).noalias() = (hidden * w.v).transpose();
  }
  // 3. Mask, then softmax over the keys.
  MaskSpec spec;
  spec.mask = mask;
  Mat masked;  // masked: (T_q, T_k)
  apply_mask(out.scores, spec, masked);
  softmax_rows_unchecked(masked, 1.0f, out.weights);
  // 4. Aggregate the values.
  out.output.resize(T_q, V.cols());
  out.output.noalias() = out.weights * V;
}

}  // namespace attn
