// tests/core/random.hpp — a tiny seeded generator of test inputs (same sequence on every
// platform, unlike std::normal_distribution). Test support only.
#pragma once

#include <cstdint>

#include "attn/types.hpp"

namespace attn_test {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // splitmix64
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // uniform in [-1, 1)
  float uniform() {
    return static_cast<float>(static_cast<double>(next() >> 11) * 0x1.0p-52 - 1.0);
  }
  attn::Mat matrix(long rows, long cols, float scale = 1.0f) {
    attn::Mat m(rows, cols);
    for (long i = 0; i < m.size(); ++i) m.data()[i] = scale * uniform();
    return m;
  }

 private:
  std::uint64_t state_;
};

}  // namespace attn_test
