// attn/kernels.hpp — the fast building blocks of the hot path: a row softmax in place (plain, or
// with the score scale folded in) and one matrix product C = A·B_kn against a right operand
// packed once and reused (a prepared model's weights, a head's keys or values), with causal
// shortcuts. A·Bᵀ and A·B are the same product with B packed transposed or not.
// Under WASM SIMD (__wasm_simd128__) they use hand-written 128-bit kernels (a vectorized exp
// and a packed 4×8 GEMM micro-kernel); everywhere else they are plain Eigen. They compute the
// same numbers as the clear reference code (softmax_rows_reference, Eigen products) within
// float rounding, and tests/core/test_fast_paths.cpp holds them to it. They check nothing:
// callers pass valid shapes. Only packing allocates, and only when a PackedRhs must grow.
#pragma once

#include <vector>

#include "attn/types.hpp"

namespace attn {

// Row softmax in place over row[0, n): row ← exp((row − max) / temperature) / Σ.
// -inf entries become exactly 0; an all -inf row becomes all zeros (never NaN). n ≥ 1.
void softmax_row_inplace(float* row, Eigen::Index n, float temperature);

// Scores row softmax in place over row[0, n): row ← softmax(scale · row), computed exactly as
// scaling first and then softmax_row_inplace(·, n, 1) would (max(scale·x) = scale·max(x) for
// scale > 0 under round-to-nearest), without the separate scaling pass. -inf stays -inf.
// scale > 0, n ≥ 1.
void softmax_scaled_row_inplace(float* row, Eigen::Index n, float scale);

// A right operand B_kn: (K, N) of C = A·B_kn, prepared once and reused by gemm_packed. Under
// WASM SIMD it holds every 8-column panel of every depth block, laid out as the micro-kernel
// reads them; elsewhere it holds B_kn itself for Eigen. Re-packing reuses its storage.
struct PackedRhs {
  Eigen::Index K = 0;         // depth
  Eigen::Index N = 0;         // columns
  std::vector<float> panels;  // WASM SIMD: [depth block][panel][k][8], zero past column N
  Mat kn;                     // elsewhere: kn: (K, N) = B_kn
};

// out ← B as the right operand of A·Bᵀ, with B: (N, K) (a weight matrix, a head's keys).
void pack_rhs_transposed(const MatRef& B, PackedRhs& out);
// out ← B as the right operand of A·B, with B: (K, N) (a head's values).
void pack_rhs(const MatRef& B, PackedRhs& out);

// C[:, 0:n_cols] = A[:, 0:depth] · B_kn[0:depth, 0:n_cols], with A: (M, ≥ depth), C: (M, ≥ n_cols),
// depth ≤ B.K, n_cols ≤ B.N. Causal shortcuts, with `row0` the global index of A's first row:
//   lower_only: only C(i, j) with j ≤ row0 + i is needed (others may hold anything);
//   a_lower:    A(i, k) == 0 for every k > row0 + i, so those terms are skipped.
struct GemmCausal {
  bool lower_only = false;
  bool a_lower = false;
  Eigen::Index row0 = 0;
};
void gemm_packed(const MatRef& A, const PackedRhs& B, Eigen::Index depth, Eigen::Index n_cols,
                 Eigen::Ref<Mat> C, const GemmCausal& causal = GemmCausal());

// "wasm-simd128" when the hand-written WASM kernels are compiled in, else "eigen".
const char* kernels_in_use();

}  // namespace attn
