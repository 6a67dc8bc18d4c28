// attn/types.hpp — the matrix types, the error type and the argument checks every public
// function of the core uses. It computes nothing itself and knows nothing of Emscripten.
//
// Shape legend (the one vocabulary used everywhere in the core, the bindings and the web app):
//   T, T_q, T_k   number of tokens (queries, keys)          d_model, E   embedding width
//   n_heads       number of heads                            d_head       E / n_heads
//   d_k, d_v      key/query and value widths                 h            additive hidden width
// All matrices are row-major float: row i is token i.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace attn {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<float, Eigen::Dynamic, 1>;     // column vector
using RowVec = Eigen::Matrix<float, 1, Eigen::Dynamic>;  // row vector (a bias, a token)
using MatRef = Eigen::Ref<const Mat>;
using VecRef = Eigen::Ref<const Vec>;
// A row-major matrix of any scalar: the trainable models run in float and, for gradient checks,
// in double.
template <typename S>
using MatT = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Documented size limits: every public function rejects inputs beyond them, so a learner's
// typo (or a hostile URL) can never ask the core for gigabytes.
constexpr int kMaxTokens = 4096;         // T, T_q, T_k
constexpr int kMaxWidth = 4096;          // d_model, d_k, d_v, h
constexpr long kMaxElements = 1L << 24;  // elements in any one matrix (64 MiB of float)
constexpr int kMaxHeads = 256;
// Every matrix, vector and scale value must be finite with |x| ≤ kMaxAbsValue, so no product
// the core forms can overflow float (the largest, a multi-head score at the size limits, stays
// below 1e35). Found by fuzzing: finite values near FLT_MAX made Q·Kᵀ infinite and the weights
// NaN. Softmax inputs are exempt: its max-subtraction cannot overflow into NaN.
constexpr float kMaxAbsValue = 1e6f;

// The one error type. Its message always starts with the function name, then names the
// argument and the shapes involved, e.g.
//   "attention: K has 3 columns but Q has 4 (Q: (2, 4), K: (5, 3))".
class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& message) : std::invalid_argument(message) {}
};

// Throws attn::Error(message). In a build without C++ exceptions (the WASM module), callers
// run the matching check_* function first and never reach this; it aborts if they do.
[[noreturn]] void fail(const std::string& message);

// Throws when `problem` is non-empty: the usual `require(check_xxx(...))` at the top of a
// public function.
inline void require(const std::string& problem) {
  if (!problem.empty()) fail(problem);
}

// Builds an error message: `Msg s; s << fn << ": " << name << " is " << shape(m); s.str()`.
// It stands in for std::ostringstream, which would link iostreams and locales into the WASM
// module (about 90 KB) for nothing but these messages. Integers print as std::to_string does,
// floats as format_float (so NaN prints as "NaN", as in JavaScript). No formatting flags.
class Msg {
 public:
  Msg& operator<<(const char* x) {
    s_ += x;
    return *this;
  }
  Msg& operator<<(const std::string& x) {
    s_ += x;
    return *this;
  }
  Msg& operator<<(char x) {
    s_ += x;
    return *this;
  }
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, char>, int> = 0>
  Msg& operator<<(I x) {
    s_ += std::to_string(x);
    return *this;
  }
  Msg& operator<<(float x) { return *this << static_cast<double>(x); }
  Msg& operator<<(double x);
  const std::string& str() const { return s_; }

 private:
  std::string s_;
};

// "(rows, cols)" for messages.
std::string shape(const MatRef& m);
std::string shape(long rows, long cols);

// A float as JavaScript prints it: NaN, Infinity, -Infinity, or the number.
std::string format_float(float x);

// Argument checks shared by the check_* functions. Each returns "" when the argument is fine,
// otherwise a complete message "fn: ...". `name` is the argument's name as the API spells it.
std::string check_matrix(const char* fn, const char* name, const MatRef& m,
                         int max_rows = kMaxTokens, int max_cols = kMaxWidth);
std::string check_vector(const char* fn, const char* name, const VecRef& v, long expected_size);
// A mask (rows, cols) where nonzero means blocked; it must be finite.
std::string check_mask(const char* fn, const char* name, const MatRef& mask, long rows, long cols);

}  // namespace attn
