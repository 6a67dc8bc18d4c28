// core/src/positional.cpp — sinusoidal positional encoding (attn/positional.hpp).
#include "attn/positional.hpp"

#include <cmath>

namespace attn {

std::string check_positional_encoding(int length, int d_model, const char* fn) {
  Msg s;
  if (length < 1 || length > kMaxTokens)
    s << fn << ": length must be an integer from 1 to " << kMaxTokens << ", got " << length;
  else if (d_model < 1 || d_model > kMaxWidth)
    s << fn << ": dModel must be an integer from 1 to " << kMaxWidth << ", got " << d_model;
  else if (static_cast<long>(length) * d_model > kMaxElements)
    s << fn << ": (length, dModel) = " << shape(length, d_model) << " is over the limit of "
      << kMaxElements << " elements";
  return s.str();
}

void positional_encoding(int length, int d_model, Mat& pe) {
  require(check_positional_encoding(length, d_model));
  pe.resize(length, d_model);
  for (int j = 0; j < d_model; ++j) {
    // 1. The frequency of column j: 1 / 10000^(2⌊j/2⌋ / d_model). Columns 2i and 2i+1 share it.
    const double exponent = static_cast<double>(2 * (j / 2)) / static_cast<double>(d_model);
    const double inv_freq = std::pow(10000.0, -exponent);
    for (int pos = 0; pos < length; ++pos) {
      // 2. sin for even columns, cos for odd: each pair is a rotating 2-D phasor.
      const double angle = static_cast<double>(pos) * inv_freq;
      pe(pos, j) = static_cast<float>(j % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
}

std::string check_add_positional_encoding(const MatRef& X, const char* fn) {
  return check_matrix(fn, "X", X);
}

void add_positional_encoding(const MatRef& X, PositionalInput& out) {
  require(check_add_positional_encoding(X));
  // 1. The encoding of positions 0 … T-1 at X's width.
  positional_encoding(static_cast<int>(X.rows()), static_cast<int>(X.cols()), out.pe);
  // 2. Each token's embedding plus the encoding of its position: order is now in the input.
  out.sum.resize(X.rows(), X.cols());
  out.sum.noalias() = X + out.pe;
}

}  // namespace attn
