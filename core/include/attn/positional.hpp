// attn/positional.hpp — the sinusoidal positional encoding of "Attention Is All You Need":
//   PE[pos, j] = sin(pos / 10000^(2⌊j/2⌋/d_model))  for even j,
//   PE[pos, j] = cos(pos / 10000^(2⌊j/2⌋/d_model))  for odd j;  odd d_model allowed.
// Computed in double and rounded once to float. add_positional_encoding adds it to token
// embeddings (the Transformer's input layer, x_t + PE_t); nothing here learns or scales PE.
#pragma once

#include <string>

#include "attn/types.hpp"

namespace attn {

std::string check_positional_encoding(int length, int d_model,
                                      const char* fn = "positionalEncoding");

// Outputs: pe (length, d_model), resized.
void positional_encoding(int length, int d_model, Mat& pe);

// The input layer of lesson 9: the embeddings with the encoding of their positions added.
struct PositionalInput {
  Mat pe;   // pe:  (T, d_model), positional_encoding(T, d_model)
  Mat sum;  // sum: (T, d_model), X + pe: row t is x_t + PE_t
};

// "" when X is a valid (T, d_model) matrix (attn/types.hpp limits), else a message naming `fn`.
std::string check_add_positional_encoding(const MatRef& X,
                                          const char* fn = "addPositionalEncoding");

// Inputs:  X (T, d_model), token t in row t
// Outputs: out.pe and out.sum (T, d_model), resized. Throws attn::Error on a bad X.
void add_positional_encoding(const MatRef& X, PositionalInput& out);

}  // namespace attn
