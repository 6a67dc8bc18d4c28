// tests/core/test_fast_paths.cpp — the fast paths against the clear reference paths, natively:
// the softmax row kernel against softmax_rows_reference (masks, -inf, fully blocked rows, odd
// widths, T = 1), the GEMM kernels against plain Eigen products (strided blocks, odd sizes,
// the causal shortcuts, row blocks), the scaled softmax row against scaling first (bit for bit),
// and multi_head_attention_output and a prepared layer's multi_head_forward against
// multi_head_attention's output (causal, explicit and key-padding masks, fully blocked rows,
// cross-attention, a reused workspace, many lengths through one prepared layer). No timing here:
// bench/ measures speed. The same checks run on the WASM builds in
// tests/wasm/perf-fast-paths.test.mjs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "attn/kernels.hpp"
#include "attn/multihead.hpp"
#include "attn/softmax.hpp"
#include "random.hpp"

using namespace attn;
using namespace attn_test;

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// |a − e| ≤ atol + rtol·|e| everywhere, no NaN, and exact zeros where `e` is exactly zero
// because of a mask (checked separately by the callers that know where).
void expect_close(const Mat& a, const Mat& e, float atol, float rtol, const char* what) {
  ASSERT_EQ(a.rows(), e.rows()) << what;
  ASSERT_EQ(a.cols(), e.cols()) << what;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      ASSERT_FALSE(std::isnan(a(i, j))) << what << " NaN at (" << i << ", " << j << ")";
      ASSERT_LE(std::abs(a(i, j) - e(i, j)), atol + rtol * std::abs(e(i, j)))
          << what << " at (" << i << ", " << j << "): " << a(i, j) << " vs " << e(i, j);
    }
}

MultiHeadWeights random_weights(Rng& rng, long E, bool bias) {
  MultiHeadWeights w;
  w.in_proj_weight = rng.matrix(3 * E, E, 0.5f);
  w.out_proj_weight = rng.matrix(E, E, 0.5f);
  if (bias) {
    w.in_proj_bias = rng.matrix(1, 3 * E, 0.1f);
    w.out_proj_bias = rng.matrix(1, E, 0.1f);
  }
  return w;
}

}  // namespace

TEST(FastPaths, SoftmaxRowKernelMatchesReference) {
  Rng rng(11);
  for (long cols : {1L, 2L, 3L, 4L, 5L, 7L, 8L, 9L, 31L, 64L, 67L}) {
    for (float temperature : {1.0f, 0.25f, 3.0f}) {
      Mat x = rng.matrix(6, cols, 8.0f);
      // Row 1: some -inf; row 2: fully blocked; row 3: large magnitudes; row 4: one finite.
      for (long j = 0; j < cols; j += 2) x(1, j) = kNegInf;
      x.row(2).setConstant(kNegInf);
      x.row(3) *= 1250.0f;  // ±1e4
      x.row(4).setConstant(kNegInf);
      x(4, cols - 1) = -3.0f;
      Mat fast, ref;
      softmax_rows_unchecked(x, temperature, fast);
      softmax_rows_reference(x, temperature, ref);
      expect_close(fast, ref, 1e-6f, 1e-5f, "softmax");
      for (long i = 0; i < x.rows(); ++i)
        for (long j = 0; j < cols; ++j)
          if (x(i, j) == kNegInf) {
            EXPECT_EQ(fast(i, j), 0.0f) << "blocked (" << i << ", " << j << ")";
          }
      EXPECT_TRUE((fast.row(2).array() == 0.0f).all());
      EXPECT_EQ(fast(4, cols - 1), 1.0f);
    }
  }
}

TEST(FastPaths, SoftmaxUnderflowAndMinusInfinity) {
  Mat x(1, 5);
  x << 0.0f, -80.0f, -90.0f, -200.0f, kNegInf;
  Mat fast;
  softmax_rows_unchecked(x, 1.0f, fast);
  EXPECT_NEAR(fast(0, 0), 1.0f, 1e-7f);
  EXPECT_NEAR(fast(0, 1), std::exp(-80.0f), 1e-40f);
  EXPECT_EQ(fast(0, 4), 0.0f);
  for (long j = 2; j < 4; ++j) EXPECT_LE(fast(0, j), 1e-38f);  // underflow: 0 or tiny, never NaN
}

TEST(FastPaths, ScaledSoftmaxRowEqualsScalingFirst) {
  // softmax_scaled_row_inplace(x, s) must give bit for bit what scaling, then
  // softmax_row_inplace(·, 1) gives: the scale is folded in, not approximated.
  Rng rng(16);
  for (long cols : {1L, 3L, 4L, 9L, 64L, 131L})
    for (float scale : {1.0f, 0.125f, 0.3535534f, 2.5f}) {
      Mat x = rng.matrix(4, cols, 30.0f);
      for (long j = 0; j < cols; j += 3) x(1, j) = kNegInf;
      x.row(2).setConstant(kNegInf);
      Mat fused = x, two_step = x * scale;
      for (long i = 0; i < x.rows(); ++i) {
        softmax_scaled_row_inplace(fused.row(i).data(), cols, scale);
        softmax_row_inplace(two_step.row(i).data(), cols, 1.0f);
      }
      EXPECT_TRUE(fused == two_step) << "cols " << cols << " scale " << scale;
      EXPECT_TRUE((fused.row(2).array() == 0.0f).all());
    }
}

TEST(FastPaths, PackedGemmMatchesEigen) {
  Rng rng(12);
  for (long M : {1L, 3L, 4L, 5L, 17L, 70L})
    for (long K : {1L, 3L, 8L, 13L, 130L, 257L})
      for (long N : {1L, 5L, 8L, 9L, 23L, 66L}) {
        // Operands as strided column blocks of wider matrices, as the per-head products use.
        const Mat A_wide = rng.matrix(M, K + 3), B_wide = rng.matrix(N, K + 2);
        const Mat Bn_wide = rng.matrix(K, N + 5);
        PackedRhs bt, bn;
        pack_rhs_transposed(B_wide.middleCols(2, K), bt);
        pack_rhs(Bn_wide.leftCols(N), bn);
        Mat C_wide = Mat::Constant(M, N + 4, 7.0f);
        gemm_packed(A_wide.middleCols(1, K), bt, K, N, C_wide.middleCols(2, N));
        const Mat ref_nt = A_wide.middleCols(1, K) * B_wide.middleCols(2, K).transpose();
        expect_close(C_wide.middleCols(2, N), ref_nt, 1e-5f, 1e-5f, "A·Bᵀ");
        EXPECT_TRUE((C_wide.leftCols(2).array() == 7.0f).all()) << "A·Bᵀ wrote outside C";
        EXPECT_TRUE((C_wide.rightCols(2).array() == 7.0f).all()) << "A·Bᵀ wrote outside C";
        Mat C(M, N);
        gemm_packed(A_wide.middleCols(1, K), bn, K, N, C);
        const Mat ref_nn = A_wide.middleCols(1, K) * Bn_wide.leftCols(N);
        expect_close(C, ref_nn, 1e-5f, 1e-5f, "A·B");
        // A leading part of the packed operand: depth < K and n_cols < N.
        const long depth = (K + 1) / 2, n_cols = (N + 1) / 2;
        Mat part = Mat::Constant(M, N, 7.0f);
        gemm_packed(A_wide.middleCols(1, depth), bn, depth, n_cols, part);
        const Mat ref_part = A_wide.middleCols(1, depth) * Bn_wide.topLeftCorner(depth, n_cols);
        expect_close(part.leftCols(n_cols), ref_part, 1e-5f, 1e-5f, "A·B leading part");
        EXPECT_TRUE((part.rightCols(N - n_cols).array() == 7.0f).all()) << "wrote past n_cols";
      }
}

TEST(FastPaths, PackedGemmCausalShortcutsMatchEigen) {
  Rng rng(13);
  for (long T : {1L, 2L, 5L, 8L, 33L, 70L, 150L})
    for (long d : {1L, 4L, 7L, 16L})
      for (long block : {T, 32L, 5L}) {  // whole, or in row blocks starting at row0
        const Mat q = rng.matrix(T, d), k = rng.matrix(T, d), v = rng.matrix(T, d + 1);
        PackedRhs kt, vp;
        pack_rhs_transposed(k, kt);
        pack_rhs(v, vp);
        const Mat ref = q * k.transpose();
        Mat P = rng.matrix(T, T).triangularView<Eigen::Lower>();
        Mat S(T, T), O(T, d + 1);
        for (long i0 = 0; i0 < T; i0 += block) {
          const long rows = std::min(block, T - i0), reach = std::min(T, i0 + rows);
          GemmCausal c;
          c.row0 = i0;
          c.lower_only = true;
          gemm_packed(q.middleRows(i0, rows), kt, d, reach, S.block(i0, 0, rows, T), c);
          // A lower-triangular A (causal weights): the skipped terms are zeros.
          c.lower_only = false;
          c.a_lower = true;
          gemm_packed(P.block(i0, 0, rows, reach), vp, reach, d + 1, O.middleRows(i0, rows), c);
        }
        for (long i = 0; i < T; ++i)
          for (long j = 0; j <= i; ++j) ASSERT_NEAR(S(i, j), ref(i, j), 1e-5f) << i << ", " << j;
        expect_close(O, P * v, 1e-5f, 1e-5f, "A·B causal");
      }
}

TEST(FastPaths, MultiHeadOutputMatchesReference) {
  Rng rng(14);
  struct Case {
    long T_q, T_k, E;
    int heads;
    bool causal, mask, padding, bias;
  };
  const std::vector<Case> cases = {
      {1, 1, 8, 8, false, false, false, true},      {1, 1, 8, 2, true, false, false, false},
      {5, 5, 12, 3, true, false, false, true},      {7, 7, 10, 5, false, true, false, true},
      {9, 9, 9, 3, true, true, true, true},         {13, 6, 16, 4, false, false, true, false},
      {6, 13, 16, 4, true, false, false, true},     {33, 33, 64, 8, true, false, false, true},
      {40, 40, 64, 8, false, true, true, true},     {65, 65, 24, 8, true, false, false, true},
      {130, 130, 136, 8, true, false, false, true}, {31, 31, 256, 8, false, false, false, true},
  };
  MultiHeadWorkspace ws;  // one workspace for every case: reuse across shapes must be safe
  for (const Case& c : cases) {
    const Mat query = rng.matrix(c.T_q, c.E), key = rng.matrix(c.T_k, c.E),
              value = rng.matrix(c.T_k, c.E);
    const MultiHeadWeights w = random_weights(rng, c.E, c.bias);
    MultiHeadConfig config;
    config.n_heads = c.heads;
    MultiHeadOptions opts;
    opts.causal = c.causal;
    Mat mask = rng.matrix(c.T_q, c.T_k);
    mask = (mask.array() > 0.3f).cast<float>().matrix();
    if (c.T_q > 2) mask.row(1).setOnes();  // a fully blocked row: zero weights, bias-only output
    if (c.mask) opts.mask = &mask;
    std::vector<std::uint8_t> padding(static_cast<size_t>(c.T_k), 0);
    padding.back() = 1;
    if (c.padding) {
      opts.key_padding = padding.data();
      opts.key_padding_size = c.T_k;
    }
    MultiHeadResult ref;
    multi_head_attention(query, key, value, config, w, opts, ref);
    Mat fast;
    multi_head_attention_output(query, key, value, config, w, opts, ws, fast);
    SCOPED_TRACE("T_q " + std::to_string(c.T_q) + " T_k " + std::to_string(c.T_k) + " E " +
                 std::to_string(c.E));
    expect_close(fast, ref.output, 1e-5f, 1e-4f, "multi_head_attention_output");
    // Twice through the same workspace gives the same numbers.
    Mat again;
    multi_head_attention_output(query, key, value, config, w, opts, ws, again);
    EXPECT_TRUE(fast == again);
    // A prepared layer gives the same numbers as the one-shot call, bit for bit.
    PreparedMultiHead prepared;
    prepare_multi_head(config, w, prepared);
    Mat forward;
    multi_head_forward(query, key, value, prepared, opts, ws, forward);
    EXPECT_TRUE(forward == fast);
  }
}

TEST(FastPaths, PreparedLayerServesManySequenceLengths) {
  // One prepared layer, one workspace, sequences of every length in turn (the row blocks,
  // causal and not): each forward equals the reference.
  Rng rng(17);
  const long E = 32;
  const MultiHeadWeights w = random_weights(rng, E, true);
  MultiHeadConfig config;
  config.n_heads = 4;
  PreparedMultiHead prepared;
  prepare_multi_head(config, w, prepared);
  MultiHeadWorkspace ws;
  for (long T : {70L, 1L, 33L, 32L, 31L, 100L, 2L})
    for (bool causal : {false, true}) {
      const Mat x = rng.matrix(T, E);
      MultiHeadOptions opts;
      opts.causal = causal;
      MultiHeadResult ref;
      multi_head_attention(x, x, x, config, w, opts, ref);
      Mat out;
      multi_head_forward(x, x, x, prepared, opts, ws, out);
      SCOPED_TRACE("T " + std::to_string(T) + (causal ? " causal" : ""));
      expect_close(out, ref.output, 1e-5f, 1e-4f, "multi_head_forward");
    }
}

TEST(FastPaths, PreparedLayerRejectsBadInputWithNames) {
  Rng rng(18);
  MultiHeadWeights w = random_weights(rng, 8, true);
  MultiHeadConfig config;
  config.n_heads = 3;  // 8 is not divisible by 3
  EXPECT_NE(check_prepare_multi_head(config, w).find("createMultiHeadAttention: embed dim 8"),
            std::string::npos);
  PreparedMultiHead prepared;
  EXPECT_THROW(prepare_multi_head(config, w, prepared), Error);
  config.n_heads = 2;
  w.out_proj_weight(1, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(check_prepare_multi_head(config, w).find("params.outProjWeight"), std::string::npos);
  w.out_proj_weight(1, 1) = 0.5f;
  prepare_multi_head(config, w, prepared);
  const Mat x = rng.matrix(3, 8), narrow = rng.matrix(3, 6);
  MultiHeadOptions opts;
  EXPECT_EQ(check_multi_head_forward(x, x, x, prepared, opts), "");
  EXPECT_EQ(check_multi_head_forward(narrow, narrow, narrow, prepared, opts),
            "MultiHeadAttention.forward: query has 6 columns but the layer's embed dim E is 8 "
            "(query: (3, 6))");
  std::vector<std::uint8_t> padding(2, 0);
  opts.key_padding = padding.data();
  opts.key_padding_size = 2;
  EXPECT_NE(check_multi_head_forward(x, x, x, prepared, opts).find("keyPaddingMask has length 2"),
            std::string::npos);
  MultiHeadWorkspace ws;
  Mat out;
  EXPECT_THROW(multi_head_forward(x, x, x, prepared, opts, ws, out), Error);
}

TEST(FastPaths, MultiHeadOutputRejectsBadInputLikeTheReference) {
  Rng rng(15);
  const Mat x = rng.matrix(4, 10);
  MultiHeadWeights w = random_weights(rng, 10, true);
  MultiHeadConfig config;
  config.n_heads = 4;  // 10 is not divisible by 4
  MultiHeadWorkspace ws;
  Mat out;
  EXPECT_THROW(multi_head_attention_output(x, x, x, config, w, {}, ws, out), Error);
}
