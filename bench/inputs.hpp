// bench/inputs.hpp — the benchmark's identical inputs, generated exactly as bench/inputs.mjs
// generates them in JavaScript (splitmix64, uniform in [-scale, scale)). Computes no attention.
#pragma once

#include <cmath>
#include <cstdint>

#include "attn/multihead.hpp"

namespace attn_bench {

// uniform in [-1, 1): computed in double, rounded to float once (as Math.fround in JS).
inline attn::Mat fill(std::uint64_t seed, long rows, long cols, float scale) {
  attn::Mat m(rows, cols);
  std::uint64_t s = seed;
  for (long i = 0; i < m.size(); ++i) {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    const float u = static_cast<float>(static_cast<double>(z >> 11) * 0x1.0p-52 - 1.0);
    m.data()[i] = scale * u;
  }
  return m;
}

// nn.MultiheadAttention parameters for E = d (seeds d·10 + 1..4).
inline attn::MultiHeadWeights weights(long d) {
  const float s = static_cast<float>(1.0 / std::sqrt(static_cast<double>(d)));
  const std::uint64_t base = static_cast<std::uint64_t>(d) * 10;
  attn::MultiHeadWeights w;
  w.in_proj_weight = fill(base + 1, 3 * d, d, s);
  w.in_proj_bias = fill(base + 2, 1, 3 * d, 0.1f);
  w.out_proj_weight = fill(base + 3, d, d, s);
  w.out_proj_bias = fill(base + 4, 1, d, 0.1f);
  return w;
}

// The input sequence x: (T, d).
inline attn::Mat input(long T, long d) {
  return fill(static_cast<std::uint64_t>(T) * 100000 + static_cast<std::uint64_t>(d), T, d, 1.0f);
}

}  // namespace attn_bench
