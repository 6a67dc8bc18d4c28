// attn/positional.hpp — the sinusoidal positional encoding of "Attention Is All You Need":
//   PE[pos, j] = sin(pos / 10000^(2⌊j/2⌋/d_model))  for even j,
//   PE[pos, j] = cos(pos / 10000^(2⌊j/2⌋/d_model))  for odd j;  odd d_model allowed.
// Computed in double and rounded once to float. It does not add PE to embeddings; callers do.
#pragma once

#include <string>

#include "attn/types.hpp"

namespace attn {

std::string check_positional_encoding(int length, int d_model,
                                      const char* fn = "positionalEncoding");

// Outputs: pe (length, d_model), resized.
void positional_encoding(int length, int d_model, Mat& pe);

}  // namespace attn
