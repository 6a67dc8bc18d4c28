// core/src/transformer_internal.hpp — private to transformer.cpp and transformer_trainer.cpp:
// the three matrix products of the Transformer's forward and backward passes (C = A·Bᵀ, A·B,
// Aᵀ·B, assigned or accumulated) and the forward passes the greedy decoder reuses. Under WASM
// SIMD the float products go through attn::gemm_packed (attn/kernels.hpp), which is several
// times faster there than Eigen's SSE-emulated products; elsewhere, and in double, they are
// plain Eigen. It computes nothing else and checks nothing: callers pass valid shapes.
#pragma once

#include "attn/kernels.hpp"
#include "attn/transformer.hpp"

namespace attn {
namespace tf {

using Ix = Eigen::Index;

// Eigen products (double everywhere; float natively).
template <typename S>
struct Gemm {
  using In = Eigen::Ref<const MatT<S>>;
  using Out = Eigen::Ref<MatT<S>>;
  // C (=|+=) A·Bᵀ. A: (n, k), B: (m, k), C: (n, m).
  void nt(const In& A, const In& B, Out C, bool acc) {
    if (acc)
      C.noalias() += A * B.transpose();
    else
      C.noalias() = A * B.transpose();
  }
  // C (=|+=) A·B. A: (n, k), B: (k, m), C: (n, m).
  void nn(const In& A, const In& B, Out C, bool acc) {
    if (acc)
      C.noalias() += A * B;
    else
      C.noalias() = A * B;
  }
  // C (=|+=) Aᵀ·B. A: (k, n), B: (k, m), C: (n, m).
  void tn(const In& A, const In& B, Out C, bool acc) {
    if (acc)
      C.noalias() += A.transpose() * B;
    else
      C.noalias() = A.transpose() * B;
  }
};

#ifdef __wasm_simd128__
// float under WASM SIMD: the packed 4×8 kernel. Right operands are packed per call (a weight
// changes every step); Aᵀ is copied once into row-major scratch; accumulation goes through a
// scratch product.
template <>
struct Gemm<float> {
  using In = Eigen::Ref<const Mat>;
  using Out = Eigen::Ref<Mat>;
  PackedRhs* packed = nullptr;
  Mat* tmp = nullptr;   // tmp:  the product before accumulation
  Mat* tmp2 = nullptr;  // tmp2: Aᵀ of tn
  void run(const In& A, Out C, bool acc) {
    const Ix n = A.rows(), m = packed->N;
    if (n == 0 || m == 0) return;
    if (!acc) {
      gemm_packed(A, *packed, packed->K, m, C);
      return;
    }
    if (tmp->rows() < n || tmp->cols() < m)
      tmp->resize(std::max(tmp->rows(), n), std::max(tmp->cols(), m));
    gemm_packed(A, *packed, packed->K, m, tmp->topLeftCorner(n, m));
    C += tmp->topLeftCorner(n, m);
  }
  void nt(const In& A, const In& B, Out C, bool acc) {
    pack_rhs_transposed(B, *packed);
    run(A, C, acc);
  }
  void nn(const In& A, const In& B, Out C, bool acc) {
    pack_rhs(B, *packed);
    run(A, C, acc);
  }
  void tn(const In& A, const In& B, Out C, bool acc) {
    if (tmp2->rows() < A.cols() || tmp2->cols() < A.rows())
      tmp2->resize(std::max(tmp2->rows(), A.cols()), std::max(tmp2->cols(), A.rows()));
    Eigen::Ref<Mat> At = tmp2->topLeftCorner(A.cols(), A.rows());
    At = A.transpose();
    pack_rhs(B, *packed);
    run(At, C, acc);
  }
};
inline Gemm<float> gemm_of(TransformerRunState<float>& rs) {
  Gemm<float> g;
  g.packed = &rs.packed;
  g.tmp = &rs.gemm_tmp;
  g.tmp2 = &rs.gemm_tmp2;
  return g;
}
inline Gemm<double> gemm_of(TransformerRunState<double>&) { return Gemm<double>(); }
#else
template <typename S>
Gemm<S> gemm_of(TransformerRunState<S>&) {
  return Gemm<S>();
}
#endif

// The encoder stack and its final norm over src (B*S ids): rs.src_x, rs.enc, rs.memory.
template <typename S>
void encoder_forward(const TransformerConfig& c, const TransformerWeights<S>& w, const int* src,
                     int B, int Sn, TransformerRunState<S>& rs, const HeadAblation* abl);
// The decoder stack (encoder–decoder: after encoder_forward on the same src; decoder-only: src
// null), its final norm and the generator: rs.logits (B*T, V_t).
template <typename S>
void decoder_forward(const TransformerConfig& c, const TransformerWeights<S>& w, const int* src,
                     const int* tgt_in, int B, int T, TransformerRunState<S>& rs,
                     const HeadAblation* abl);
// Both for a checked batch.
template <typename S>
void forward(const TransformerConfig& c, const TransformerWeights<S>& w, const TransformerBatch& bt,
             TransformerRunState<S>& rs, const HeadAblation* abl);

}  // namespace tf
}  // namespace attn
