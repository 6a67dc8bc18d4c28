// core/src/softmax.cpp — row-wise softmax with temperature, stable and mask-aware.
// See attn/softmax.hpp for the contract. No masking, no attention here. The clear reference
// (softmax_rows_reference) stays; the API path runs the fast row kernel of kernels.cpp.
#include "attn/softmax.hpp"

#include <cmath>
#include <limits>

#include "attn/kernels.hpp"

namespace attn {

std::string check_softmax(const MatRef& x, float temperature, const char* fn) {
  Msg s;
  if (x.rows() < 1 || x.cols() < 1) {
    s << fn << ": x must have at least one row and one column, got " << shape(x);
  } else if (x.rows() > kMaxTokens || x.cols() > kMaxWidth ||
             static_cast<long>(x.size()) > kMaxElements) {
    s << fn << ": x is " << shape(x) << ", over the limit of (" << kMaxTokens << ", " << kMaxWidth
      << ") and " << kMaxElements << " elements";
  } else if (!std::isfinite(temperature) || !(temperature > 0.0f)) {
    s << fn << ": temperature must be a finite number > 0, got " << format_float(temperature);
  } else {
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const float v = x(i, j);
        if (std::isnan(v) || v == std::numeric_limits<float>::infinity()) {
          s << fn << ": x " << shape(x) << " has " << format_float(v) << " at (" << i << ", " << j
            << "); only finite values and -Infinity (blocked) are allowed";
          return s.str();
        }
      }
  }
  return s.str();
}

void softmax_rows_reference(const MatRef& x, float temperature, Mat& out) {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  out.resize(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    // 1. The row max. Subtracting it keeps every exponent ≤ 0, so exp never overflows.
    const float row_max = x.row(i).maxCoeff();
    if (row_max == kNegInf) {
      // A fully blocked row: no key to attend to. All-zero weights, never 0/0 = NaN.
      out.row(i).setZero();
      continue;
    }
    // 2. exp((x - max) / T). Divide (not multiply by 1/T) so a tiny T cannot overflow 1/T.
    out.row(i) = ((x.row(i).array() - row_max) / temperature).exp().matrix();
    // 3. Blocked entries are exactly 0. A vectorized exp(-inf) may return a denormal (WASM
    //    SIMD through the SSE layer gives ~8.5e-40), so write the zeros explicitly.
    if ((x.row(i).array() == kNegInf).any())
      out.row(i) = (x.row(i).array() == kNegInf).select(0.0f, out.row(i).array()).matrix();
    // 4. Normalize. The max entry contributes exp(0) = 1, so the sum is ≥ 1.
    out.row(i) /= out.row(i).sum();
  }
}

void softmax_rows_unchecked(const MatRef& x, float temperature, Mat& out) {
  // The same four steps, one row at a time in place, by the fast kernel (attn/kernels.hpp).
  out = x;
  for (Eigen::Index i = 0; i < out.rows(); ++i)
    softmax_row_inplace(out.row(i).data(), out.cols(), temperature);
}

void softmax_rows(const MatRef& x, float temperature, Mat& out) {
  require(check_softmax(x, temperature));
  softmax_rows_unchecked(x, temperature, out);
}

}  // namespace attn
