// attn/softmax.hpp — numerically stable row-wise softmax with a temperature.
// Computes weights(i, j) = exp((x_ij - max_j x_ij) / T) / Σ_j exp((x_ij - max_j x_ij) / T).
// -inf entries (blocked positions) get weight exactly 0; a row that is entirely -inf gets all
// zeros (never NaN). It does not mask: attn/mask.hpp writes the -inf entries.
#pragma once

#include <string>

#include "attn/types.hpp"

namespace attn {

// "" when x and temperature are valid softmax inputs: x finite except for -inf entries,
// temperature finite and > 0. Otherwise a message naming `fn`.
std::string check_softmax(const MatRef& x, float temperature, const char* fn = "softmax");

// Inputs:  x (rows, cols), temperature > 0
// Outputs: out (rows, cols), resized; must not alias x.
void softmax_rows(const MatRef& x, float temperature, Mat& out);

// The same without checking (for callers that have checked or built x themselves). Runs the
// fast row kernel (attn/kernels.hpp: WASM SIMD exp under __wasm_simd128__, else Eigen).
void softmax_rows_unchecked(const MatRef& x, float temperature, Mat& out);

// The clear reference: Eigen row expressions, the four steps spelled out. Unchecked. The fast
// paths are tested against it (tests/core/test_fast_paths.cpp).
void softmax_rows_reference(const MatRef& x, float temperature, Mat& out);

}  // namespace attn
