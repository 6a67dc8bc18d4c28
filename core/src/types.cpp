// core/src/types.cpp — error reporting and the shared argument checks of attn/types.hpp.
// Computes no math.
#include "attn/types.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace attn {

void fail(const std::string& message) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw Error(message);
#else
  // Unreachable through the WASM bindings: they call check_* first and report the message.
  (void)message;
  std::abort();
#endif
}

Msg& Msg::operator<<(double x) {
  if (std::isnan(x)) {
    s_ += "NaN";
  } else if (std::isinf(x)) {
    s_ += x > 0 ? "Infinity" : "-Infinity";
  } else {
    // "%g" is what an ostream prints by default (6 significant digits).
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    s_ += buf;
  }
  return *this;
}

std::string shape(long rows, long cols) {
  Msg s;
  s << '(' << rows << ", " << cols << ')';
  return s.str();
}

std::string format_float(float x) {
  Msg s;
  s << x;
  return s.str();
}

std::string shape(const MatRef& m) { return shape(m.rows(), m.cols()); }

std::string check_matrix(const char* fn, const char* name, const MatRef& m, int max_rows,
                         int max_cols) {
  Msg s;
  if (m.rows() < 1 || m.cols() < 1) {
    s << fn << ": " << name << " must have at least one row and one column, got " << shape(m);
  } else if (m.rows() > max_rows || m.cols() > max_cols) {
    s << fn << ": " << name << " is " << shape(m) << ", over the limit of (" << max_rows << ", "
      << max_cols << ")";
  } else if (static_cast<long>(m.size()) > kMaxElements) {
    s << fn << ": " << name << " has " << m.size() << " elements " << shape(m)
      << ", over the limit of " << kMaxElements;
  } else if (m.cwiseAbs().maxCoeff<Eigen::PropagateNaN>() <= kMaxAbsValue) {
    // The common case in one vectorized pass (NaN propagates and fails the test; so does ±inf):
    // every value is finite and within ±1e6. The loops below only run to name a bad value.
  } else if (!m.allFinite()) {
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      for (Eigen::Index j = 0; j < m.cols(); ++j)
        if (!std::isfinite(m(i, j))) {
          s << fn << ": " << name << " " << shape(m) << " has a non-finite value "
            << format_float(m(i, j)) << " at (" << i << ", " << j << ")";
          return s.str();
        }
  } else if (!(m.cwiseAbs().array() <= kMaxAbsValue).all()) {
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      for (Eigen::Index j = 0; j < m.cols(); ++j)
        if (!(std::abs(m(i, j)) <= kMaxAbsValue)) {
          s << fn << ": " << name << " " << shape(m) << " has " << format_float(m(i, j)) << " at ("
            << i << ", " << j << "), outside the value limit of ±1e6";
          return s.str();
        }
  }
  return s.str();
}

std::string check_vector(const char* fn, const char* name, const VecRef& v, long expected_size) {
  Msg s;
  if (v.size() != expected_size) {
    s << fn << ": " << name << " has length " << v.size() << " but must have length "
      << expected_size;
  } else if (!v.allFinite()) {
    for (Eigen::Index i = 0; i < v.size(); ++i)
      if (!std::isfinite(v(i))) {
        s << fn << ": " << name << " (" << v.size() << ") has a non-finite value "
          << format_float(v(i)) << " at " << i;
        break;
      }
  } else if (!(v.cwiseAbs().array() <= kMaxAbsValue).all()) {
    for (Eigen::Index i = 0; i < v.size(); ++i)
      if (!(std::abs(v(i)) <= kMaxAbsValue)) {
        s << fn << ": " << name << " (" << v.size() << ") has " << format_float(v(i)) << " at " << i
          << ", outside the value limit of ±1e6";
        break;
      }
  }
  return s.str();
}

std::string check_mask(const char* fn, const char* name, const MatRef& mask, long rows, long cols) {
  Msg s;
  if (mask.rows() != rows || mask.cols() != cols) {
    s << fn << ": " << name << " is " << shape(mask) << " but must be " << shape(rows, cols)
      << " (T_q, T_k)";
  } else if (!mask.allFinite()) {
    s << fn << ": " << name << " " << shape(mask)
      << " has a non-finite value; use nonzero for blocked, 0 for allowed";
  }
  return s.str();
}

}  // namespace attn
