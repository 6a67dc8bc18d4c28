// fuzz/fuzz_common.hpp — shared helpers of the libFuzzer targets in fuzz/: turning the fuzzer's
// bytes into shapes, floats (with NaN, ±Infinity, huge, tiny and denormal values mixed in) and
// matrices, and the checks every target makes on the core's contract (an error message names
// its function; a valid call gives finite numbers; softmax rows sum to 1 or are all 0).
// A broken contract prints what broke and calls abort(), which libFuzzer reports as a crash.
// It computes nothing of the core itself and is not part of the library or the WASM module.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include "attn/types.hpp"

namespace attn_fuzz {

// Prints the broken property and aborts: libFuzzer saves the input as a crash artifact.
[[noreturn]] inline void broken(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "\nFUZZ CONTRACT BROKEN: %s %s\n", what, detail.c_str());
  std::abort();
}

#define ATTN_FUZZ_CHECK(cond, detail)                  \
  do {                                                 \
    if (!(cond)) ::attn_fuzz::broken(#cond, (detail)); \
  } while (0)

class Gen {
 public:
  Gen(const std::uint8_t* data, std::size_t size) : p_(data, size) {}

  bool flag() { return p_.ConsumeBool(); }
  std::uint8_t byte() { return p_.ConsumeIntegral<std::uint8_t>(); }
  int int_in(int lo, int hi) { return p_.ConsumeIntegralInRange<int>(lo, hi); }
  int any_int() { return p_.ConsumeIntegral<int>(); }
  bool empty() { return p_.remaining_bytes() == 0; }
  std::string rest_as_string() { return p_.ConsumeRemainingBytesAsString(); }
  std::string string(std::size_t max) { return p_.ConsumeRandomLengthString(max); }

  // A dimension: mostly small (0..max_small), sometimes a limit edge (limit, limit + 1) or a
  // negative / enormous value, so the checks' boundaries are exercised.
  int dim(int max_small, int limit) {
    switch (byte() % 16) {
      case 0:
        return limit;
      case 1:
        return limit + 1;
      case 2:
        return 0;
      default:
        return int_in(1, max_small);
    }
  }

  // A float: ordinary values in [-8, 8] most of the time, else special ones.
  float value() {
    switch (byte() % 24) {
      case 0:
        return std::numeric_limits<float>::quiet_NaN();
      case 1:
        return std::numeric_limits<float>::infinity();
      case 2:
        return -std::numeric_limits<float>::infinity();
      case 3:
        return std::numeric_limits<float>::max();
      case 4:
        return -std::numeric_limits<float>::max();
      case 5:
        return std::numeric_limits<float>::denorm_min();
      case 6:
        return 0.0f;
      case 7:
        return -0.0f;
      case 8:
        return p_.ConsumeFloatingPoint<float>();  // anything, including huge finite values
      case 9:
        return p_.ConsumeFloatingPointInRange<float>(-1e6f, 1e6f);
      default:
        return p_.ConsumeFloatingPointInRange<float>(-8.0f, 8.0f);
    }
  }

  // A finite value only (for inputs that must be valid to reach the compute path).
  float finite_value() {
    const float v = value();
    return std::isfinite(v) ? v : 0.5f;
  }

  // A (rows, cols) matrix. Values are ordinary unless `specials`; at most `max_fill` entries
  // are drawn from the input (the rest repeat a pattern), so huge shapes stay cheap.
  attn::Mat matrix(long rows, long cols, bool specials) {
    attn::Mat m(rows, cols);
    const long n = rows * cols;
    for (long k = 0; k < n; ++k) {
      float v;
      if (k < 256 && !empty())
        v = specials ? value() : p_.ConsumeFloatingPointInRange<float>(-8.0f, 8.0f);
      else
        v = static_cast<float>((k * 7919) % 17) / 4.0f - 2.0f;
      m.data()[k] = v;
    }
    return m;
  }

  attn::Vec vector(long n, bool specials) {
    attn::Mat m = matrix(n, 1, specials);
    return Eigen::Map<attn::Vec>(m.data(), n);
  }

 private:
  FuzzedDataProvider p_;
};

// True when every (rows, cols) pair is small enough to build quickly (≤ 2^15 elements, 128 KiB).
// Targets return early otherwise: a 4096 × 4096 input would cost a second per execution, while
// the over-the-limit checks are still reached with one dimension past its limit.
inline bool cheap(std::initializer_list<std::pair<long, long>> shapes) {
  for (const auto& s : shapes)
    if (s.first * s.second > (1L << 15)) return false;
  return true;
}

inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Every error message starts with "<fn>: ".
inline void check_message(const std::string& msg, const char* fn) {
  ATTN_FUZZ_CHECK(starts_with(msg, std::string(fn) + ": "), msg);
}

inline void check_finite(const attn::MatRef& m, const char* what) {
  ATTN_FUZZ_CHECK(m.allFinite(), std::string(what) + " has a non-finite value");
}

// weights: every entry in [0, 1], each row sums to 1 (± tol) or is all zero when the row is
// fully blocked (`blocked_row(i)` true).
template <typename BlockedRow>
void check_weights(const attn::MatRef& w, BlockedRow blocked_row, const char* what) {
  check_finite(w, what);
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    ATTN_FUZZ_CHECK((w.row(i).array() >= 0.0f).all() && (w.row(i).array() <= 1.0f).all(),
                    std::string(what) + " has a weight outside [0, 1]");
    const double sum = w.row(i).cast<double>().sum();
    if (blocked_row(i))
      ATTN_FUZZ_CHECK(sum == 0.0, std::string(what) + ": a fully blocked row is not all zero");
    else
      ATTN_FUZZ_CHECK(std::abs(sum - 1.0) < 1e-3,
                      std::string(what) + ": row sum " + std::to_string(sum));
  }
}

// `call` must throw attn::Error exactly when `problem` is non-empty, with the same message.
template <typename Call>
void check_throws_iff(const std::string& problem, Call call) {
  try {
    call();
    ATTN_FUZZ_CHECK(problem.empty(), "no throw, but check_* said: " + problem);
  } catch (const attn::Error& e) {
    ATTN_FUZZ_CHECK(!problem.empty(), std::string("threw, but check_* said ok: ") + e.what());
    ATTN_FUZZ_CHECK(problem == e.what(), "message differs from check_*");
  }
}

}  // namespace attn_fuzz
