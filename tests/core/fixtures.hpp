// tests/core/fixtures.hpp — reads tests/fixtures/golden.json (written by
// scripts/make_goldens.py with PyTorch) into Eigen matrices, and compares matrices with a
// tolerance that reports the worst cell. Test support only; computes no attention math.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "attn/types.hpp"

namespace attn_test {

using attn::Mat;
using attn::Vec;
using json = nlohmann::json;

inline float json_float(const json& v) {
  if (v.is_string()) {
    if (v.get<std::string>() == "-Infinity") return -std::numeric_limits<float>::infinity();
    ADD_FAILURE() << "unexpected string in fixture: " << v;
    return std::numeric_limits<float>::quiet_NaN();
  }
  return static_cast<float>(v.get<double>());
}

inline Mat json_matrix(const json& j) {
  Mat m(j.at("rows").get<int>(), j.at("cols").get<int>());
  const json& data = j.at("data");
  for (Eigen::Index i = 0; i < m.size(); ++i)
    m.data()[i] = json_float(data[static_cast<size_t>(i)]);
  return m;
}

inline Vec json_vector(const json& j) {
  Vec v(static_cast<Eigen::Index>(j.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) v(i) = json_float(j[static_cast<size_t>(i)]);
  return v;
}

inline const json& golden() {
  static const json cases = [] {
    std::ifstream in(ATTN_FIXTURE_DIR "/golden.json");
    if (!in) throw std::runtime_error("cannot open " ATTN_FIXTURE_DIR "/golden.json");
    return json::parse(in).at("cases");
  }();
  return cases;
}

inline std::vector<json> cases_of(const std::string& kind) {
  std::vector<json> out;
  for (const json& c : golden())
    if (c.at("kind") == kind) out.push_back(c);
  return out;
}

// |a - b| ≤ atol + rtol·|b| everywhere; -inf must match -inf exactly.
inline ::testing::AssertionResult all_close(const Mat& actual, const Mat& expected,
                                            float atol = 2e-6f, float rtol = 2e-5f) {
  if (actual.rows() != expected.rows() || actual.cols() != expected.cols())
    return ::testing::AssertionFailure()
           << "shape " << attn::shape(actual) << " != expected " << attn::shape(expected);
  float worst = 0.0f;
  Eigen::Index wi = -1, wj = -1;
  for (Eigen::Index i = 0; i < actual.rows(); ++i)
    for (Eigen::Index j = 0; j < actual.cols(); ++j) {
      const float a = actual(i, j), e = expected(i, j);
      if (std::isinf(e) || std::isinf(a)) {
        if (a != e)
          return ::testing::AssertionFailure()
                 << "at (" << i << ", " << j << ") got " << a << ", expected " << e;
        continue;
      }
      if (std::isnan(a))
        return ::testing::AssertionFailure() << "NaN at (" << i << ", " << j << ")";
      const float excess = std::fabs(a - e) - (atol + rtol * std::fabs(e));
      if (excess > worst) {
        worst = excess;
        wi = i;
        wj = j;
      }
    }
  if (wi >= 0)
    return ::testing::AssertionFailure()
           << "at (" << wi << ", " << wj << ") got " << actual(wi, wj) << ", expected "
           << expected(wi, wj) << " (tolerance " << atol << " + " << rtol << "·|expected|)";
  return ::testing::AssertionSuccess();
}

}  // namespace attn_test
