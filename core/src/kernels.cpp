// core/src/kernels.cpp — the fast softmax row and GEMM kernels of the hot path
// (attn/kernels.hpp). Two implementations of one contract:
//   * __wasm_simd128__: hand-written WASM SIMD. Eigen 3.4.0 reaches WASM SIMD only through
//     Emscripten's SSE emulation, which scalarizes the float→int conversion of its vectorized
//     exp and leaves its GEMM well below the 128-bit ceiling; these kernels use the native
//     WASM instructions (f32x4.nearest, i32x4.trunc_sat_f32x4, v128.load32_splat) instead.
//   * everything else (native SSE/AVX builds, the scalar WASM build): plain Eigen.
// No masking policy and no shapes checks here: the callers (softmax.cpp, multihead.cpp) own them.
#include "attn/kernels.hpp"

#include <algorithm>
#include <limits>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace attn {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();
}  // namespace

#ifdef __wasm_simd128__
// =============================================================================================
// WASM SIMD
namespace {

constexpr Eigen::Index kMr = 4;    // rows of C per micro-tile
constexpr Eigen::Index kNr = 8;    // columns of C per micro-tile (two v128)
constexpr Eigen::Index kKc = 128;  // depth of one packed block of B (8·128 floats = 4 KB/panel)
// Column count from which gemm_packed packs each tile of A (pack_a) before its panels: the copy
// pays off against 4+ panels (projections, scores, weights·v at d_head ≥ 32), not against one
// or two (d_head = 8 at d_model = 64).
constexpr Eigen::Index kPackAMinCols = 32;

float horizontal_max(v128_t v) {
  return std::max(std::max(wasm_f32x4_extract_lane(v, 0), wasm_f32x4_extract_lane(v, 1)),
                  std::max(wasm_f32x4_extract_lane(v, 2), wasm_f32x4_extract_lane(v, 3)));
}

float horizontal_sum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// exp(x) for 4 lanes (Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, degree-7 polynomial for e^r,
// 2^n built in the exponent bits). Relative error ~1e-7. Lanes below ln(FLT_MIN) — including
// -inf — give exactly 0 (a blocked key must weigh exactly nothing, not a denormal).
v128_t exp_f32x4(v128_t x) {
  const v128_t lo = wasm_f32x4_splat(-87.33654f);  // ln(FLT_MIN)
  const v128_t underflow = wasm_f32x4_lt(x, lo);
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, lo), wasm_f32x4_splat(88.0f));
  // 1. n = round(x / ln2), r = x − n·ln2 (ln2 split in two for an exact first product).
  const v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  // 2. e^r ≈ 1 + r + r²·P(r).
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r);
  p = wasm_f32x4_add(p, wasm_f32x4_splat(1.0f));
  // 3. Multiply by 2^n: n ∈ [-126, 127] here, so (n + 127) << 23 is a normal float's bits.
  const v128_t two_n =
      wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_v128_andnot(wasm_f32x4_mul(p, two_n), underflow);
}

// Packs rows [k0, k0 + kc) of the logical (K, N) operand B_kn(k, n) = b[k·sk + n·sn] into
// ceil(N / 8) panels; panel p starts at out[p·kc·8] and holds, for each k, the 8 values
// B_kn(k, 8p … 8p+7), zero past column N. Full panels take a vector route: rows of B copied
// as two v128 (sn = 1, B is (K, N)), or 4×4 blocks transposed by shuffles (sk = 1, B is (N, K)).
void pack_b(const float* b, Eigen::Index sk, Eigen::Index sn, Eigen::Index k0, Eigen::Index kc,
            Eigen::Index N, float* out) {
  const Eigen::Index panels = (N + kNr - 1) / kNr;
  for (Eigen::Index p = 0; p < panels; ++p) {
    float* panel = out + p * kc * kNr;
    const float* src = b + k0 * sk + p * kNr * sn;
    Eigen::Index k_done = 0;
    if (p * kNr + kNr <= N && sn == 1) {
      for (Eigen::Index k = 0; k < kc; ++k) {
        wasm_v128_store(panel + k * kNr, wasm_v128_load(src + k * sk));
        wasm_v128_store(panel + k * kNr + 4, wasm_v128_load(src + k * sk + 4));
      }
      k_done = kc;
    } else if (p * kNr + kNr <= N && sk == 1) {
      for (; k_done + 4 <= kc; k_done += 4) {
        for (Eigen::Index half = 0; half < 2; ++half) {  // rows n 0–3, then 4–7 of the panel
          const float* r = src + half * 4 * sn + k_done;
          const v128_t r0 = wasm_v128_load(r), r1 = wasm_v128_load(r + sn);
          const v128_t r2 = wasm_v128_load(r + 2 * sn), r3 = wasm_v128_load(r + 3 * sn);
          const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
          const v128_t t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
          const v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
          const v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
          float* dst = panel + k_done * kNr + half * 4;
          wasm_v128_store(dst, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
          wasm_v128_store(dst + kNr, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
          wasm_v128_store(dst + 2 * kNr, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
          wasm_v128_store(dst + 3 * kNr, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
        }
      }
    }
    // The rest (partial panels, the last k % 4 of a transposed panel), one value at a time.
    for (Eigen::Index jj = 0; jj < kNr; ++jj) {
      const Eigen::Index n = p * kNr + jj;
      for (Eigen::Index k = k_done; k < kc; ++k)
        panel[k * kNr + jj] = n < N ? src[k * sk + jj * sn] : 0.0f;
    }
  }
}

// Packs A[0:rows, 0:kc] (row stride lda), rows ≤ kMr, into out[k·kMr + r] (lanes r ≥ rows
// left unset and never read), so a micro-tile's splats of A come from one pointer at constant
// offsets. Full tiles transpose 4×4 blocks with shuffles; the rest goes one value at a time.
void pack_a(const float* a, Eigen::Index lda, Eigen::Index rows, Eigen::Index kc, float* out) {
  static_assert(kMr == 4, "the shuffle route transposes 4 rows");
  Eigen::Index k_done = 0;
  if (rows == kMr) {
    for (; k_done + 4 <= kc; k_done += 4) {
      const v128_t r0 = wasm_v128_load(a + k_done), r1 = wasm_v128_load(a + lda + k_done);
      const v128_t r2 = wasm_v128_load(a + 2 * lda + k_done);
      const v128_t r3 = wasm_v128_load(a + 3 * lda + k_done);
      const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
      const v128_t t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
      const v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      const v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      float* dst = out + k_done * kMr;
      wasm_v128_store(dst, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
      wasm_v128_store(dst + kMr, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
      wasm_v128_store(dst + 2 * kMr, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
      wasm_v128_store(dst + 3 * kMr, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
    }
  }
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index k = k_done; k < kc; ++k) out[k * kMr + r] = a[r * lda + k];
}

// C[0:R, 0:ncols] (+)= A[0:R, 0:kc] · panel[0:kc, 0:8]: R·8 accumulators in registers, one
// splat of A and two loads of B per k. kPackedA: A comes from pack_a (A(r, k) at a[k·kMr + r],
// lda unused), else straight from the matrix (A(r, k) at a[r·lda + k]). Both read the same
// values in the same order, so they give the same bits.
template <int R, bool kPackedA>
void micro_kernel(const float* a, Eigen::Index lda, const float* panel, Eigen::Index kc, float* c,
                  Eigen::Index ldc, Eigen::Index ncols, bool accumulate) {
  v128_t lo[R], hi[R];
  for (int r = 0; r < R; ++r) lo[r] = hi[r] = wasm_f32x4_splat(0.0f);
  // Pointers stepped per k (not indexed) keep V8's loop to one add per operand.
  const Eigen::Index row_step = kPackedA ? 1 : lda, k_step = kPackedA ? kMr : 1;
  for (const float* const end = panel + kc * kNr; panel != end; panel += kNr, a += k_step) {
    const v128_t b0 = wasm_v128_load(panel);
    const v128_t b1 = wasm_v128_load(panel + 4);
    for (int r = 0; r < R; ++r) {
      const v128_t av = wasm_v128_load32_splat(a + r * row_step);
      lo[r] = wasm_f32x4_add(lo[r], wasm_f32x4_mul(av, b0));
      hi[r] = wasm_f32x4_add(hi[r], wasm_f32x4_mul(av, b1));
    }
  }
  for (int r = 0; r < R; ++r) {
    float* cr = c + r * ldc;
    if (ncols == kNr) {
      if (accumulate) {
        lo[r] = wasm_f32x4_add(lo[r], wasm_v128_load(cr));
        hi[r] = wasm_f32x4_add(hi[r], wasm_v128_load(cr + 4));
      }
      wasm_v128_store(cr, lo[r]);
      wasm_v128_store(cr + 4, hi[r]);
    } else {
      float tile[kNr];
      wasm_v128_store(tile, lo[r]);
      wasm_v128_store(tile + 4, hi[r]);
      for (Eigen::Index j = 0; j < ncols; ++j) cr[j] = accumulate ? cr[j] + tile[j] : tile[j];
    }
  }
}

}  // namespace

namespace {

// The row softmax of both entry points. kScaled: e = exp(scale·x − scale·max) (the scores'
// scale folded in); otherwise e = exp((x − max) / temperature), without the division when
// temperature is 1 (x / 1 is x exactly).
template <bool kScaled>
void softmax_row(float* row, Eigen::Index n, float factor) {
  const Eigen::Index n4 = n - n % 4;
  // 1. The row max (pmax is a plain maxps: no NaN can reach here).
  v128_t vmax = wasm_f32x4_splat(kNegInf);
  for (Eigen::Index j = 0; j < n4; j += 4) vmax = wasm_f32x4_pmax(vmax, wasm_v128_load(row + j));
  float row_max = horizontal_max(vmax);
  for (Eigen::Index j = n4; j < n; ++j) row_max = std::max(row_max, row[j]);
  if (row_max == kNegInf) {  // fully blocked: all-zero weights, never 0/0
    std::fill(row, row + n, 0.0f);
    return;
  }
  // 2. e = exp(shifted x), blocked (-inf) entries exactly 0; their sum.
  const v128_t vf = wasm_f32x4_splat(factor);
  const v128_t vm = wasm_f32x4_splat(kScaled ? factor * row_max : row_max);
  const bool divide = !kScaled && factor != 1.0f;
  auto shifted = [&](v128_t x) {
    if (kScaled) return wasm_f32x4_sub(wasm_f32x4_mul(x, vf), vm);
    const v128_t d = wasm_f32x4_sub(x, vm);
    return divide ? wasm_f32x4_div(d, vf) : d;
  };
  v128_t vsum = wasm_f32x4_splat(0.0f);
  for (Eigen::Index j = 0; j < n4; j += 4) {
    const v128_t e = exp_f32x4(shifted(wasm_v128_load(row + j)));
    wasm_v128_store(row + j, e);
    vsum = wasm_f32x4_add(vsum, e);
  }
  if (n4 < n) {  // the last 1–3 entries, padded with -inf (which gives exactly 0)
    float tail[4] = {kNegInf, kNegInf, kNegInf, kNegInf};
    std::copy(row + n4, row + n, tail);
    const v128_t e = exp_f32x4(shifted(wasm_v128_load(tail)));
    wasm_v128_store(tail, e);
    std::copy(tail, tail + (n - n4), row + n4);
    vsum = wasm_f32x4_add(vsum, e);
  }
  // 3. Normalize; the max entry contributed exp(0) = 1, so the sum is ≥ 1.
  const v128_t vs = wasm_f32x4_splat(horizontal_sum(vsum));
  for (Eigen::Index j = 0; j < n4; j += 4)
    wasm_v128_store(row + j, wasm_f32x4_div(wasm_v128_load(row + j), vs));
  const float sum = wasm_f32x4_extract_lane(vs, 0);
  for (Eigen::Index j = n4; j < n; ++j) row[j] /= sum;
}

}  // namespace

void softmax_row_inplace(float* row, Eigen::Index n, float temperature) {
  softmax_row<false>(row, n, temperature);
}

void softmax_scaled_row_inplace(float* row, Eigen::Index n, float scale) {
  softmax_row<true>(row, n, scale);
}

namespace {
// out ← B_kn: (K, N) with B_kn(k, n) = b[k·sk + n·sn], every depth block packed by pack_b.
void pack_rhs_strided(const float* b, Eigen::Index sk, Eigen::Index sn, Eigen::Index K,
                      Eigen::Index N, PackedRhs& out) {
  out.K = K;
  out.N = N;
  const Eigen::Index npad = (N + kNr - 1) / kNr * kNr;
  out.panels.resize(static_cast<size_t>(K * npad));
  for (Eigen::Index k0 = 0; k0 < K; k0 += kKc)
    pack_b(b, sk, sn, k0, std::min(kKc, K - k0), N, out.panels.data() + k0 * npad);
}
}  // namespace

void pack_rhs_transposed(const MatRef& B, PackedRhs& out) {
  // B: (N, K) row-major, so B_kn(k, n) = B(n, k) = b[k + n·ld].
  pack_rhs_strided(B.data(), 1, B.outerStride(), B.cols(), B.rows(), out);
}

void pack_rhs(const MatRef& B, PackedRhs& out) {
  // B: (K, N) row-major: B_kn(k, n) = b[k·ld + n].
  pack_rhs_strided(B.data(), B.outerStride(), 1, B.rows(), B.cols(), out);
}

namespace {
// micro_kernel for a tile of `rows` ∈ [1, kMr] rows.
template <bool kPackedA>
void tile_kernel(Eigen::Index rows, const float* a, Eigen::Index lda, const float* panel,
                 Eigen::Index kc, float* c, Eigen::Index ldc, Eigen::Index ncols, bool acc) {
  switch (rows) {
    case 4:
      micro_kernel<4, kPackedA>(a, lda, panel, kc, c, ldc, ncols, acc);
      break;
    case 3:
      micro_kernel<3, kPackedA>(a, lda, panel, kc, c, ldc, ncols, acc);
      break;
    case 2:
      micro_kernel<2, kPackedA>(a, lda, panel, kc, c, ldc, ncols, acc);
      break;
    default:
      micro_kernel<1, kPackedA>(a, lda, panel, kc, c, ldc, ncols, acc);
      break;
  }
}
}  // namespace

// Loop order: depth blocks of kKc (their packed panels stay in L2) → 4-row tiles of A (in L1)
// → 8-column panels. Block k0 of B starts at panels[k0·npad]; its panel p at + p·kc_B·8.
void gemm_packed(const MatRef& A, const PackedRhs& B, Eigen::Index depth, Eigen::Index n_cols,
                 Eigen::Ref<Mat> C, const GemmCausal& causal) {
  const float* a = A.data();
  const Eigen::Index lda = A.outerStride(), M = A.rows();
  float* c = C.data();
  const Eigen::Index ldc = C.outerStride();
  const Eigen::Index npad = (B.N + kNr - 1) / kNr * kNr;
  float a_packed[kMr * kKc];  // a_packed: one tile of A, (kKc, kMr), when packed
  for (Eigen::Index k0 = 0; k0 < depth; k0 += kKc) {
    const Eigen::Index kc = std::min(kKc, depth - k0);
    const Eigen::Index packed_kc = std::min(kKc, B.K - k0);  // panel stride of this block
    const float* block = B.panels.data() + k0 * npad;
    const bool acc = k0 > 0;  // the first block writes C, later ones add to it
    for (Eigen::Index i0 = 0; i0 < M; i0 += kMr) {
      const Eigen::Index rows = std::min(kMr, M - i0);
      const Eigen::Index last_row = causal.row0 + i0 + rows - 1;  // global row index
      Eigen::Index tile_depth = kc;
      if (causal.a_lower) {  // A(i, k) = 0 for k > i: nothing past column last_row contributes
        if (k0 > last_row) continue;
        tile_depth = std::min(kc, last_row + 1 - k0);
      }
      const Eigen::Index n_end = causal.lower_only ? std::min(n_cols, last_row + 1) : n_cols;
      // Against many panels, pack the tile's A once so every panel's splats are cheaper.
      const float* a_tile = a + i0 * lda + k0;
      const bool pack = n_end >= kPackAMinCols;
      if (pack) pack_a(a_tile, lda, rows, tile_depth, a_packed);
      for (Eigen::Index p = 0; p * kNr < n_end; ++p) {
        const float* panel = block + p * packed_kc * kNr;
        float* c_tile = c + i0 * ldc + p * kNr;
        const Eigen::Index ncols = std::min(kNr, n_cols - p * kNr);
        if (pack) {
          tile_kernel<true>(rows, a_packed, lda, panel, tile_depth, c_tile, ldc, ncols, acc);
        } else {
          tile_kernel<false>(rows, a_tile, lda, panel, tile_depth, c_tile, ldc, ncols, acc);
        }
      }
    }
  }
}

const char* kernels_in_use() { return "wasm-simd128"; }

#else
// =============================================================================================
// Portable: Eigen (vectorized with SSE/AVX natively; scalar in the scalar WASM build).
namespace {
// Rows per block when the causal upper triangle is skipped block by block.
constexpr Eigen::Index kCausalBlock = 64;
}  // namespace

void softmax_row_inplace(float* row, Eigen::Index n, float temperature) {
  Eigen::Map<Eigen::ArrayXf> x(row, n);
  // 1. The row max.
  const float row_max = x.maxCoeff();
  if (row_max == kNegInf) {  // fully blocked: all-zero weights, never 0/0
    x.setZero();
    return;
  }
  // 2. exp((x − max) / T); blocked entries exactly 0 (a vectorized exp(-inf) may be a denormal).
  x = (x == kNegInf).select(0.0f, ((x - row_max) / temperature).exp());
  // 3. Normalize.
  x /= x.sum();
}

void softmax_scaled_row_inplace(float* row, Eigen::Index n, float scale) {
  Eigen::Map<Eigen::ArrayXf> x(row, n);
  // 1. The row max of the raw scores; scale > 0, so scale·max is the max of the scaled ones.
  const float row_max = x.maxCoeff();
  if (row_max == kNegInf) {  // fully blocked: all-zero weights, never 0/0
    x.setZero();
    return;
  }
  // 2. exp(scale·x − scale·max); blocked entries exactly 0.
  x = (x == kNegInf).select(0.0f, (x * scale - scale * row_max).exp());
  // 3. Normalize.
  x /= x.sum();
}

void pack_rhs_transposed(const MatRef& B, PackedRhs& out) {
  out.K = B.cols();
  out.N = B.rows();
  out.kn = B.transpose();
}

void pack_rhs(const MatRef& B, PackedRhs& out) {
  out.K = B.rows();
  out.N = B.cols();
  out.kn = B;
}

void gemm_packed(const MatRef& A, const PackedRhs& B, Eigen::Index depth, Eigen::Index n_cols,
                 Eigen::Ref<Mat> C, const GemmCausal& causal) {
  if (!causal.lower_only && !causal.a_lower) {
    C.leftCols(n_cols).noalias() = A.leftCols(depth) * B.kn.topLeftCorner(depth, n_cols);
    return;
  }
  // Causal: each block of rows only against the keys it can see (lower_only) or only over the
  // depth its nonzero weights reach (a_lower).
  for (Eigen::Index i0 = 0; i0 < A.rows(); i0 += kCausalBlock) {
    const Eigen::Index rows = std::min(kCausalBlock, A.rows() - i0);
    const Eigen::Index reach = causal.row0 + i0 + rows;  // one past the block's last global row
    const Eigen::Index d = causal.a_lower ? std::min(depth, reach) : depth;
    const Eigen::Index n = causal.lower_only ? std::min(n_cols, reach) : n_cols;
    C.block(i0, 0, rows, n).noalias() = A.block(i0, 0, rows, d) * B.kn.topLeftCorner(d, n);
  }
}

const char* kernels_in_use() { return "eigen"; }

#endif

}  // namespace attn
