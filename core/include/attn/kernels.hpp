// attn/kernels.hpp — the fast building blocks of the hot path: a row softmax in place and the
// two matrix products attention needs (C = A·Bᵀ and C = A·B), with an optional causal shortcut.
// Under WASM SIMD (__wasm_simd128__) they use hand-written 128-bit kernels (a vectorized exp
// and a packed 4×8 GEMM micro-kernel); everywhere else they are plain Eigen. They compute the
// same numbers as the clear reference code (softmax_rows_reference, Eigen products) within
// float rounding, and tests/core/test_fast_paths.cpp holds them to it. They check nothing:
// callers pass valid shapes. They allocate only when `pack` must grow.
#pragma once

#include <vector>

#include "attn/types.hpp"

namespace attn {

// Scratch for the GEMM kernels (packed panels of B). Reused across calls; grows, never shrinks.
using PackBuffer = std::vector<float>;

// Row softmax in place over row[0, n): row ← exp((row − max) / temperature) / Σ.
// -inf entries become exactly 0; an all -inf row becomes all zeros (never NaN). n ≥ 1.
void softmax_row_inplace(float* row, Eigen::Index n, float temperature);

// C (M, N) = A (M, K) · Bᵀ, with B: (N, K).
// lower_only: only C(i, j) with j ≤ i is needed (a causal score matrix); entries above the
// diagonal may be left unwritten or hold anything.
void gemm_nt(const MatRef& A, const MatRef& B, Eigen::Ref<Mat> C, PackBuffer& pack,
             bool lower_only = false);

// C (M, N) = A (M, K) · B, with B: (K, N).
// a_lower: A(i, k) == 0 for every k > i (causal weights), so those terms are skipped.
void gemm_nn(const MatRef& A, const MatRef& B, Eigen::Ref<Mat> C, PackBuffer& pack,
             bool a_lower = false);

// "wasm-simd128" when the hand-written WASM kernels are compiled in, else "eigen".
const char* kernels_in_use();

}  // namespace attn
